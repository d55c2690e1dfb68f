using System.CommandLine;
using DualHub.Cli.Targets;
using DualHub.Cli.Checkpoints;
using DualHub.Cli.Report;
using DualHub.Cli.Up;
using DualHub.Client.Options;
using DualHub.Core.Security;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Commands;

/// <summary>
/// <c>dualhub check</c>: the plan's non-destructive validation checkpoints against a deployment that runs elsewhere
/// (rendered and installed, or an <c>up</c> in another terminal). Exit 0 only when every check passed.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var topology = new Option<FileInfo?>("--topology") { Description = "Topology file (as for `render`): hubs, agents and NATS on each machine's host. Default: the plan's layout on 127.0.0.1, as `up` runs it." };
        var basePort = new Option<int>("--base-port") { Description = "The --base-port the deployment was started with by `up` (the plan's layout is 9000).", DefaultValueFactory = _ => UpTopology.PlanBasePort };
        var central = new Option<string?>("--central") { Description = "CentralHub's URL (default http://127.0.0.1:9000)." };
        var edge = new Option<string?>("--edge") { Description = "EdgeHub's URL (default http://127.0.0.1:9100)." };
        var pushgateways = new Option<string[]>("--pushgateway") { Description = "A Pushgateway-role hub's URL; repeat for each (default :9091 and :9092).", AllowMultipleArgumentsPerToken = false };
        var nats = new Option<string[]>("--nats") { Description = "NAME=nats://HOST:PORT: a NATS node's client URL (default mainpc :4222, pc2 :4223)." };
        var natsMonitor = new Option<string[]>("--nats-monitor") { Description = "NAME=http://HOST:PORT: a NATS node's monitoring URL (default mainpc :8222, pc2 :8223)." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the results file (the format of `up --check`; `dualhub report --from FILE` renders it)." };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Folder for the results file and the Week 1 completion report (Markdown)." };
        var caFile = new Option<FileInfo?>("--ca-file") { Description = "CA of the hubs' TLS certificates (https:// URLs; default: the system store). docs/security.md" };
        var certFile = new Option<FileInfo?>("--cert-file") { Description = "Client certificate (PEM) for hubs that require one; with --key-file." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "Key (PEM) of --cert-file." };
        var username = new Option<string?>("--username") { Description = "Basic auth user for hubs with basic_auth_users; with --password-file." };
        var passwordFile = new Option<FileInfo?>("--password-file") { Description = "File holding the basic auth password." };
        var secure = new Option<DirectoryInfo?>("--secure") { Description = "The secure folder of `up --secure` (<state>/secure) or `render --secure` (OUT/secure): https URLs, its CA, client certificate and password, and its NATS login; --ca-file and the others win." };
        var cmd = new Command("check", "Run the plan's validation checkpoints against a running deployment, one line per check with its measured value. Drills that stop components need `dualhub up --check`.")
        {
            topology, basePort, central, edge, pushgateways, nats, natsMonitor, json, report, caFile, certFile, keyFile, username, passwordFile, secure,
        };
        cmd.SetAction((parse, ct) =>
        {
            CheckTargets targets;
            HttpMessageHandler handler;
            try
            {
                var material = parse.GetValue(secure) is { } dir ? SecureMaterial.Open(dir.FullName) : null;
                var args = new CheckArguments
                {
                    BasePort = parse.GetValue(basePort),
                    TopologyFile = parse.GetValue(topology)?.FullName,
                    Central = parse.GetValue(central),
                    Edge = parse.GetValue(edge),
                    Pushgateways = parse.GetValue(pushgateways) ?? [],
                    Nats = parse.GetValue(nats) ?? [],
                    NatsMonitors = parse.GetValue(natsMonitor) ?? [],
                    Secure = material,
                };
                targets = CheckTargetResolver.Resolve(args);
                var tls = parse.GetValue(caFile) is null && parse.GetValue(certFile) is null && parse.GetValue(keyFile) is null
                    ? material?.Tls
                    : new ClientTlsConfig { CaFile = parse.GetValue(caFile)?.FullName, CertFile = parse.GetValue(certFile)?.FullName, KeyFile = parse.GetValue(keyFile)?.FullName };
                var user = parse.GetValue(username);
                var auth = user is null ? material?.BasicAuth : new ClientBasicAuth { Username = user, PasswordFile = parse.GetValue(passwordFile)?.FullName };
                // A host that drops packets must not hang the run: connecting gives up after 3 s, any request after 10 s.
                handler = SecureHttpHandler.Create(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) }, tls, auth, "--ca-file/--cert-file/--key-file");
            }
            catch (Exception ex) when (ex is CheckTargetException or NatsTopologyException or AgentConfigException or WebConfigException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"dualhub check: {ex.Message}");
                return Task.FromResult(2);
            }

            return RunAsync(targets, handler, parse.GetValue(json)?.FullName, parse.GetValue(report)?.FullName, ct);
        });
        return cmd;
    }

    private static async Task<int> RunAsync(CheckTargets targets, HttpMessageHandler handler, string? jsonPath, string? reportDir, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var startedAt = time.GetUtcNow();
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var reachability = new Reachability(http, TimeSpan.FromSeconds(3), time);
        var results = await CheckRunner.RunAsync(CheckPlan.Build(targets, http, time, reachability), Console.Out, time, ct);
        foreach (var drill in CheckPlan.Drills)
        {
            Console.WriteLine($"SKIP  {drill,-40} stops a component: run `dualhub up --check`");
        }

        var run = new CheckRun(startedAt, time.GetUtcNow(), targets.Describe(), results);
        var written = true;
        if (jsonPath is not null)
        {
            written &= await WriteAsync(jsonPath, () => CheckRunFile.WriteAsync(jsonPath, run, ct), path => $"results: {path}");
        }

        if (reportDir is not null)
        {
            written &= await WriteAsync(reportDir, async () =>
            {
                var (file, markdown, weekReport) = await ReportWriter.WriteRunAsync(reportDir, run, ct);
                Console.WriteLine($"results: {file}");
                Console.WriteLine($"report:  {markdown} (Week 1 readiness: {weekReport.Decision}, {weekReport.Outcome.ToString().ToUpperInvariant()})");
            }, null);
        }

        return results.All(r => r.Passed) && written ? 0 : 1;
    }

    private static async Task<bool> WriteAsync(string path, Func<Task> write, Func<string, string>? done)
    {
        try
        {
            await write();
            if (done is not null)
            {
                Console.WriteLine(done(path));
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"dualhub check: cannot write {path}: {ex.Message}");
            return false;
        }
    }
}
