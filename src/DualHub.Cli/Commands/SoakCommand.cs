using System.CommandLine;
using System.CommandLine.Parsing;
using DualHub.Cli.Report;
using DualHub.Cli.Soak;
using DualHub.Cli.Up;
using DualHub.Metrics.Durations;

namespace DualHub.Cli.Commands;

/// <summary>
/// <c>dualhub soak --duration D</c>: <c>up</c>'s deployment under continuous load with faults injected on a schedule; writes
/// the plan's KPIs as measured (results JSON, the same format <c>up --check</c> writes, and its Markdown report).
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var duration = new Option<TimeSpan>("--duration") { Description = "How long to run the load (Go duration: 3m, 1h, 24h).", Required = true, CustomParser = Duration };
        var faults = new Option<TimeSpan?>("--fault-every") { Description = "Inject the next fault (edge crash, edge hang, NATS PC2 restart, CentralHub restart, in turn) this often (default: duration / 12, at least 30 s).", CustomParser = r => Duration(r) };
        var series = new Option<int>("--scrape-series") { Description = "Series of the synthetic scrape load pushed to PC2's Pushgateway every second.", DefaultValueFactory = _ => 200 };
        var basePort = new Option<int>("--base-port") { Description = "As `up --base-port`.", DefaultValueFactory = _ => UpTopology.PlanBasePort };
        var state = new Option<DirectoryInfo?>("--state") { Description = "State folder (default: ./.state-soak)." };
        var report = new Option<DirectoryInfo?>("--report") { Description = "Folder for the results (JSON) and report (Markdown) (default: <state>/reports)." };
        var cmd = new Command("soak", "Run `up`'s deployment under continuous load (pilot agents, a synthetic pusher, a scrape load) with faults injected on a schedule, then write the plan's KPIs as measured. Exit 0 when every KPI and drill held.")
        {
            duration, faults, series, basePort, state, report,
        };
        cmd.SetAction((parse, ct) =>
        {
            var d = parse.GetValue(duration);
            var every = parse.GetValue(faults) ?? TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, d.Ticks / 12));
            var scrape = parse.GetValue(series);
            var port = parse.GetValue(basePort);
            if (d < TimeSpan.FromMinutes(1) || every < TimeSpan.FromSeconds(20) || scrape is < 0 or > 100_000 || port is < 5000 or > 60000)
            {
                Console.Error.WriteLine("dualhub soak: --duration must be at least 1m, --fault-every at least 20s, --scrape-series 0..100000, --base-port 5000..60000");
                return Task.FromResult(2);
            }

            var stateDir = parse.GetValue(state)?.FullName ?? Path.Combine(Environment.GetEnvironmentVariable("DUALHUB_HOME") ?? Environment.CurrentDirectory, ".state-soak");
            var options = new SoakOptions(d, every, scrape, TimeSpan.FromSeconds(1), parse.GetValue(report)?.FullName ?? Path.Combine(stateDir, "reports"));
            var topology = UpTopology.Plan(port, stateDir);
            return UpCommand.RunAsync(topology, null, false, (system, token) => RunAsync(system, topology, options, token), ct);
        });
        return cmd;
    }

    private static async Task<int> RunAsync(UpSystem system, UpTopology topology, SoakOptions options, CancellationToken ct)
    {
        var time = TimeProvider.System;
        var startedAt = time.GetUtcNow();
        foreach (var child in system.Supervisor.Children)
        {
            await child.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        }

        Console.WriteLine($"soak: {options.Duration} of load, a fault every {options.FaultInterval}, {options.ScrapeSeries} scrape series; state {topology.StateDirectory}");
        var results = await new SoakRunner(system, options, time, Console.Out).RunAsync(ct);
        var run = new CheckRun(startedAt, time.GetUtcNow(), $"`dualhub soak --duration {DurationText.Format(options.Duration, DurationSyntax.Go)}` on one machine ({Environment.MachineName}): " + UpCommand.Describe(topology), results);
        var (json, markdown, _) = await ReportWriter.WriteRunAsync(options.OutDirectory, run, ct);
        foreach (var r in results.Where(r => r.Id.StartsWith("soak-", StringComparison.Ordinal)))
        {
            Console.WriteLine($"{(r.Passed ? "PASS" : "FAIL")}  {r.Name,-48} {r.Measured}");
        }

        Console.WriteLine($"results: {json}");
        Console.WriteLine($"report:  {markdown} (KPIs measured over the soak; `dualhub report --from CHECK.json --soak {json}` merges them into a Week 1 report)");
        return results.All(r => r.Passed) ? 0 : 1;
    }

    private static TimeSpan Duration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DurationText.TryParse(text, DurationSyntax.Go, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration (e.g. 3m, 1h, 24h)");
        return TimeSpan.Zero;
    }
}
