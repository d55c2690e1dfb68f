using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DualHub.Cli.Checks;
using DualHub.Cli.Supervision;
using DualHub.Cli.Up;
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
        var cmd = new Command("up", "Start the whole system on this machine: CentralHub :9000, EdgeHub :9100, Pushgateways :9091/:9092.") { check, basePort, state };
        cmd.SetAction((parse, ct) =>
        {
            var stateDir = parse.GetValue(state)?.FullName ?? Path.Combine(Environment.GetEnvironmentVariable("DUALHUB_HOME") ?? Environment.CurrentDirectory, ".state");
            var port = parse.GetValue(basePort);
            if (port is < 1024 or > 65000)
            {
                Console.Error.WriteLine($"dualhub up: --base-port {port} is outside 1024..65000");
                return Task.FromResult(2);
            }

            return RunAsync(UpTopology.Plan(port, stateDir), parse.GetValue(check), ct);
        });
        return cmd;
    }

    private static async Task<int> RunAsync(UpTopology topology, bool check, CancellationToken ct)
    {
        var busy = topology.Components.Where(c => !PortIsFree(c.Port)).Select(c => $"{c.Name} :{c.Port}").ToList();
        if (busy.Count > 0)
        {
            Console.Error.WriteLine($"dualhub up: port already in use: {string.Join(", ", busy)} (is another `dualhub up` running? use --base-port to move)");
            return 2;
        }

        var time = TimeProvider.System;
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        }).SetMinimumLevel(LogLevel.Information));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var supervisor = new Supervisor(time, loggers, http);
        foreach (var c in topology.Components)
        {
            var dir = Path.Combine(topology.StateDirectory, c.Name);
            supervisor.Add(new ChildSpec(
                c.Name,
                c.Kind,
                ["hub", "--role", c.Role, "--listen", $"127.0.0.1:{c.Port.ToString(CultureInfo.InvariantCulture)}", "--data", Path.Combine(dir, "data")],
                dir,
                new Uri(c.BaseUrl, "/-/ready")));
        }

        await supervisor.StartAllAsync();

        if (check)
        {
            var checks = new List<ICheck>();
            foreach (var c in topology.Components)
            {
                checks.Add(new HubReadyCheck(supervisor, supervisor.Get(c.Name), c.Role, http));
            }

            foreach (var c in topology.Components)
            {
                checks.Add(new PushRoundTripCheck(c.Name, c.BaseUrl, http, time));
            }

            var results = await CheckRunner.RunAsync(checks, Console.Out, ct);
            await supervisor.StopAllAsync();
            return results.All(r => r.Passed) ? 0 : 1;
        }

        foreach (var child in supervisor.Children)
        {
            await supervisor.WaitReadyAsync(child, TimeSpan.FromSeconds(30), ct);
        }

        var last = string.Empty;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var rows = new List<(SupervisedChild, bool)>();
                foreach (var child in supervisor.Children)
                {
                    rows.Add((child, child.Spec.HealthUrl is { } u && await supervisor.IsHealthyAsync(u, ct)));
                }

                var table = StatusTable.Render(rows);
                if (table != last)
                {
                    Console.WriteLine();
                    Console.Write(table);
                    Console.WriteLine($"state: {topology.StateDirectory}   (Ctrl-C stops everything)");
                    last = table;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine("stopping...");
        await supervisor.StopAllAsync();
        Console.WriteLine("stopped");
        return 0;
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
