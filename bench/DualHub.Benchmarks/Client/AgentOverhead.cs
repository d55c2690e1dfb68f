using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using DualHub.Client;
using DualHub.Client.Options;

namespace DualHub.Benchmarks.Client;

/// <summary>
/// The SDK's cost in an agent: a workload updating 1000 series (counter with 1000 tag sets) every second, with the SDK
/// pushing them to a real pushgateway every second, or without the SDK. Prints CPU share of one core and RSS after a
/// warm-up. Run the two modes as separate processes:
/// <c>DualHub.Benchmarks.dll agent-overhead sdk|none [seconds] [series] [warmup_seconds]</c>
/// </summary>
internal static class AgentOverhead
{
    public static async Task<int> RunAsync(string[] args)
    {
        var sdk = args.Length > 0 && args[0] == "sdk";
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        var series = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        // Tiered JIT promotes a method after 30 calls: at one push per second the SDK reaches steady state after ~1 min.
        var warmup = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60;
        using var meter = new Meter("Bench.Agent");
        var counter = meter.CreateCounter<long>("app_requests");
        var tags = Enumerable.Range(0, series)
            .Select(i => new KeyValuePair<string, object?>[] { new("route", "/r" + (i / 10).ToString(CultureInfo.InvariantCulture)), new("code", (200 + (i % 10)).ToString(CultureInfo.InvariantCulture)) })
            .ToArray();
        BenchPushgateway? gw = null;
        IDualHubAgent? agent = null;
        var spool = Path.Combine(Path.GetTempPath(), "dualhub-bench-overhead-" + Guid.NewGuid().ToString("N"));
        if (sdk)
        {
            gw = await BenchPushgateway.StartAsync(BenchPushgateway.FreePort());
            var o = new AgentOptions { Agent = { Name = "overhead", Node = "bench" }, PushInterval = TimeSpan.FromSeconds(1) };
            o.Hubs.Add(new HubEndpoint("primary", new Uri(gw.Url)));
            o.Spool.Path = spool;
            agent = DualHubAgentFactory.Create(o, meterFilter: m => m == meter || m.Name == "DualHub.Client");
            await agent.StartAsync();
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var self = Process.GetCurrentProcess();
        TimeSpan cpu0 = default;
        var wall = Stopwatch.StartNew();
        long rssMax = 0;
        for (var s = 0; s < warmup + seconds; s++)
        {
            foreach (var t in tags)
            {
                counter.Add(1, t);
            }

            await timer.WaitForNextTickAsync();
            self.Refresh();
            if (s == warmup - 1)
            {
                cpu0 = self.TotalProcessorTime;
                wall.Restart();
            }
            else if (s >= warmup)
            {
                rssMax = Math.Max(rssMax, self.WorkingSet64);
            }
        }

        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
        var pushes = agent?.Stats.PushesAccepted ?? 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mode {(sdk ? "sdk" : "none")}, {series} series, {seconds} s after {warmup} s warm-up: CPU {cpu:0.00} % of one core, RSS max {rssMax / 1048576.0:0.0} MiB, pushes accepted {pushes}, last batch {(agent is null ? 0 : agent.Stats.Sequence)}"));
        if (agent is not null)
        {
            await agent.DisposeAsync();
        }

        gw?.Dispose();
        if (Directory.Exists(spool))
        {
            Directory.Delete(spool, recursive: true);
        }

        return 0;
    }
}
