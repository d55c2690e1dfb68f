using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using DualHub.Cli.Checkpoints;
using DualHub.Cli.Report;
using DualHub.Cli.Supervision;
using DualHub.Cli.Up;
using DualHub.Core.Security;
using Microsoft.Extensions.Logging;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub up</c>: starts the whole system on one machine as supervised child processes.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Start everything, run the validation checkpoints, print one line per check, stop everything. Exit 0 only when all passed." };
        var basePort = new Option<int>("--base-port") { Description = "Shift every port so that CentralHub listens here (the plan's layout is 9000).", DefaultValueFactory = _ => UpTopology.PlanBasePort };
        var state = new Option<DirectoryInfo?>("--state") { Description = "State folder holding each component's data directory and log (default: ./.state)." };
        var report = new Option<DirectoryInfo?>("--report") { Description = "With --check: folder for the results file (JSON) and the Week 1 completion report (Markdown) (default: <state>/reports)." };
        var pythonAgent = new Option<bool>("--python-agent") { Description = "Also run the Python client's example agent (python3 -m dualhub_client.example, /health :9204): the failover drills then cover both clients." };
        var retention = new Option<string>("--store-retention") { Description = $"How long CentralHub's store (VictoriaMetrics) keeps samples: a number of months, or a number with h, d, w or y (default {UpStore.DefaultRetention}).", DefaultValueFactory = _ => UpStore.DefaultRetention };
        var rules = new Option<string?>("--rules") { Description = "Rule files (Prometheus format) vmalert evaluates: a path or a pattern such as DIR/*.yml (default: the shipped deploy/rules, next to dualhub)." };
        var secure = new Option<bool>("--secure") { Description = "Run every hub, agent health port and NATS server with TLS (a throwaway CA, client certificates required) and basic auth; the material is generated once into <state>/secure (docs/security.md)." };
        var cmd = new Command("up", "Start the whole system on this machine: NATS :4222/:4223, CentralHub :9000 with its store :8428, vmalert :8880, Alertmanager :9093, EdgeHub :9100, Pushgateways :9091/:9092.") { check, basePort, state, report, retention, rules, pythonAgent, secure };
        cmd.SetAction((parse, ct) =>
        {
            var stateDir = parse.GetValue(state)?.FullName ?? Path.Combine(Environment.GetEnvironmentVariable("DUALHUB_HOME") ?? Environment.CurrentDirectory, ".state");
            var port = parse.GetValue(basePort);
            if (port is < 5000 or > 60000)
            {
                Console.Error.WriteLine($"dualhub up: --base-port {port} is outside 5000..60000 (every port moves by the same offset, NATS :4222 included)");
                return Task.FromResult(2);
            }

            var keep = parse.GetValue(retention)!;
            if (!UpStore.IsRetention(keep))
            {
                Console.Error.WriteLine($"dualhub up: --store-retention '{keep}' is not a number of months or a number with h, d, w or y (e.g. 30d)");
                return Task.FromResult(2);
            }

            var ruleFiles = parse.GetValue(rules) is { Length: > 0 } r ? Path.GetFullPath(r) : null;
            var reportDir = parse.GetValue(report)?.FullName ?? Path.Combine(stateDir, "reports");
            SecureMaterial? material = null;
            if (parse.GetValue(secure))
            {
                try
                {
                    material = SecureMaterial.OpenOrCreate(Path.Combine(stateDir, "secure"), TimeProvider.System);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
                {
                    Console.Error.WriteLine($"dualhub up: --secure: cannot make the material in {Path.Combine(stateDir, "secure")}: {ex.Message}");
                    return Task.FromResult(2);
                }
            }

            return RunAsync(UpTopology.Plan(port, stateDir, keep, ruleFiles, material), parse.GetValue(check) ? reportDir : null, parse.GetValue(pythonAgent), null, ct);
        });
        return cmd;
    }

    /// <summary>
    /// Runs until cancelled; with <paramref name="reportDir"/> set: runs the checks and writes the report there; with
    /// <paramref name="work"/> (<c>dualhub soak</c>): runs it on the started system, stops, and returns its exit code.
    /// </summary>
    internal static async Task<int> RunAsync(UpTopology topology, string? reportDir, bool pythonAgent, Func<UpSystem, CancellationToken, Task<int>>? work, CancellationToken ct)
    {
        var check = reportDir is not null;
        var time = TimeProvider.System;
        var startedAt = time.GetUtcNow();
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information));
        // The one client of up's readiness probes and the checkpoints: with --secure it presents the client certificate
        // and basic auth (the store, Alertmanager, vmalert and NATS monitoring stay plain on loopback and ignore both).
        using var http = new HttpClient(topology.Secure is { } secure
            ? SecureHttpHandler.Create(new SocketsHttpHandler(), secure.Tls, secure.BasicAuth)
            : new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        UpSystem created;
        try
        {
            created = new UpSystem(topology, time, loggers, http, pythonAgent);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or DualHub.Client.Options.AgentConfigException)
        {
            Console.Error.WriteLine($"dualhub up: {ex.Message}");
            return 2;
        }

        await using var system = created;
        // A server left by an earlier `up` would answer for the new one with other data: refuse, and name it.
        var busy = system.Ports().Where(p => !PortIsFree(p.Port))
            .Select(p => PortHolder.Describe(p.Port) is { } holder ? $"{p.Owner} :{p.Port} (held by {holder})" : $"{p.Owner} :{p.Port}")
            .ToList();
        if (busy.Count > 0)
        {
            Console.Error.WriteLine($"dualhub up: port already in use: {string.Join(", ", busy)}. Is another `dualhub up` running, or a server left from a killed one? Stop it, or move every port with --base-port");
            return 2;
        }

        try
        {
            await system.StartAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"dualhub up: start failed: {ex.Message}");
            if (check)
            {
                await WriteReportAsync(reportDir!, new CheckRun(startedAt, time.GetUtcNow(), Describe(topology), []) { StartError = ex.Message }, ct);
            }

            return 1;
        }

        if (work is not null)
        {
            var code = await work(system, ct);
            await system.StopAsync();
            return code;
        }

        if (check)
        {
            var results = await CheckRunner.RunAsync(UpCheckPlan.Build(system, time), Console.Out, time, ct, terminal: !Console.IsOutputRedirected);
            await system.StopAsync();
            await WriteReportAsync(reportDir!, new CheckRun(startedAt, time.GetUtcNow(), Describe(topology), results), ct);
            return results.All(r => r.Passed) ? 0 : 1;
        }

        foreach (var change in system.StreamChanges)
        {
            Console.WriteLine(change);
        }

        foreach (var child in system.Supervisor.Children)
        {
            await child.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        }

        if (Console.IsOutputRedirected)
        {
            await ShowStatusUntilCancelledAsync(system, time, ct);
        }
        else
        {
            await LiveStatusTable.RunAsync(system, time, ct);
        }

        Console.WriteLine("stopping...");
        await system.StopAsync();
        Console.WriteLine("stopped");
        return 0;
    }

    private static async Task ShowStatusUntilCancelledAsync(UpSystem system, TimeProvider time, CancellationToken ct)
    {
        var last = string.Empty;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var rows = new List<(SupervisedChild, bool)>();
                foreach (var child in system.Supervisor.Children)
                {
                    rows.Add((child, child.Spec.HealthUrl is { } u && await system.Supervisor.IsHealthyAsync(u, ct)));
                }

                var table = StatusTable.Render(rows) + StatusTable.RenderNats(system.NatsDeployment);
                if (table != last)
                {
                    Console.WriteLine();
                    Console.Write(table);
                    Console.WriteLine($"state: {system.Topology.StateDirectory}   (Ctrl-C stops everything)");
                    last = table;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    internal static string Describe(UpTopology t) =>
        $"`dualhub up --check` on one machine ({Environment.MachineName}): the plan's MainPC and PC2 as loopback ports (" + string.Join(", ", t.Components.Select(c => $"{c.Name} :{c.Port}")) + $", {UpStore.Name} :{t.Store.Port}, {UpVmalert.Name} :{t.Vmalert.Port}, {UpAlertmanager.Name} :{t.Alertmanager.Port}); cross-machine figures are loopback figures" + (t.Secure is null ? string.Empty : "; --secure: hubs, agents' health ports and NATS with TLS (client certificates required) and basic auth");

    private static async Task WriteReportAsync(string directory, CheckRun run, CancellationToken ct)
    {
        try
        {
            var (results, markdown, report) = await ReportWriter.WriteRunAsync(directory, run, ct);
            Console.WriteLine($"results: {results}");
            Console.WriteLine($"report:  {markdown} (Week 1 readiness: {report.Decision}, {report.Outcome.ToString().ToUpperInvariant()}; `dualhub report --from {results}` renders it again)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"dualhub up: cannot write the report to {directory}: {ex.Message}");
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var l = new TcpListener(IPAddress.Loopback, port);
            l.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
