using System.Collections.Concurrent;
using System.Globalization;
using DualHub.Client;
using DualHub.Client.Events;
using DualHub.Client.Options;

namespace DualHub.Benchmarks.Client;

/// <summary>
/// Failover time distribution of the agent SDK against two real pushgateways: N crashes (SIGKILL, then a new primary
/// on the same port) and N hangs (SIGSTOP, then SIGCONT), one agent throughout, default failover settings
/// (max_retries 3, push_timeout 500 ms, retry_backoff 50 ms). Each fault is injected at a random phase of the push
/// interval. Reported per kind: fault -> first batch accepted by the fallback (includes waiting for the next push),
/// the detection part alone (first attempt of that batch -> accepted), and sequence numbers lost.
/// Before the faults the agent runs <c>quiet_s</c> seconds untouched: every failover then is spurious, and so is every
/// failover beyond one per fault. <c>adaptive</c> 0 pins the timeout at <c>push_timeout</c> 500 ms (the old behaviour).
/// <c>dotnet artifacts/bin/DualHub.Benchmarks/release/DualHub.Benchmarks.dll agent-failover [crashes] [hangs] [push_interval_ms] [quiet_s] [adaptive]</c>
/// </summary>
internal static class AgentFailoverDrill
{
    public static async Task<int> RunAsync(string[] args)
    {
        var crashes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var hangs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var interval = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200);
        var quiet = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0);
        var adaptive = args.Length <= 4 || args[4] != "0";
        var primaryPort = BenchPushgateway.FreePort();
        var primary = await BenchPushgateway.StartAsync(primaryPort);
        using var fallback = await BenchPushgateway.StartAsync(BenchPushgateway.FreePort());
        var spool = Path.Combine(Path.GetTempPath(), "dualhub-bench-spool-" + Guid.NewGuid().ToString("N"));
        var o = new AgentOptions { Agent = { Name = "bench_agent", Node = "bench" }, PushInterval = interval };
        o.Hubs.Add(new HubEndpoint("primary", new Uri(primary.Url)));
        o.Hubs.Add(new HubEndpoint("fallback", new Uri(fallback.Url)));
        o.Failover.HealthCheckInterval = TimeSpan.FromSeconds(1);
        o.Failover.RecoveryBackoff = TimeSpan.FromMilliseconds(200);
        // Faults every few seconds look like a flapping primary: the anti-flap backoff would grow to its cap
        // (recovery_timeout, 300 s by default) and the drill would wait minutes per fail-back.
        o.Failover.RecoveryTimeout = TimeSpan.FromSeconds(2);
        o.Failover.AdaptiveTimeout = adaptive;
        o.Spool.Path = spool;
        var accepted = new ConcurrentQueue<BatchAcceptedEventArgs>();
        await using var agent = DualHubAgentFactory.Create(o);
        agent.BatchAccepted += (_, e) => accepted.Enqueue(e);
        await agent.StartAsync();
        await WaitAsync(() => agent.Stats.PushesAccepted >= 3, TimeSpan.FromSeconds(30));
        await Task.Delay(quiet);
        var quietFailovers = agent.Stats.Failovers;
        var quietPushes = agent.Stats.PushesAccepted;

        var results = new Dictionary<string, List<(double EndToEnd, double Detection)>> { ["crash"] = [], ["hang"] = [] };
        for (var i = 0; i < crashes + hangs; i++)
        {
            var kind = i < crashes ? "crash" : "hang";
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * interval.TotalMilliseconds));
            var fault = TimeProvider.System.GetUtcNow();
            primary.Signal(kind == "crash" ? 9 : 19);
            var first = await WaitForAsync(() => accepted.FirstOrDefault(a => a.HubIndex == 1 && a.At > fault), TimeSpan.FromSeconds(15));
            results[kind].Add(((first.At - fault).TotalMilliseconds, (first.At - first.FirstAttemptAt).TotalMilliseconds));
            if (kind == "crash")
            {
                primary.Dispose();
                primary = await BenchPushgateway.StartAsync(primaryPort);
            }
            else
            {
                primary.Signal(18);
            }

            var back = TimeProvider.System.GetUtcNow();
            await WaitForAsync(() => accepted.FirstOrDefault(a => a.HubIndex == 0 && a.At > back), TimeSpan.FromSeconds(60));
            Console.Error.Write($"{kind} {i + 1}: {results[kind][^1].EndToEnd:0} ms\r");
        }

        var seqs = accepted.Select(a => a.Sequence).Distinct().Order().ToList();
        var lost = seqs[^1] - seqs[0] + 1 - seqs.Count;
        var spurious = quietFailovers + Math.Max(0, agent.Stats.Failovers - quietFailovers - crashes - hangs);
        Console.WriteLine($"push_interval {interval.TotalMilliseconds} ms, adaptive timeout {(adaptive ? "on" : "off")}; quiet {quiet.TotalSeconds:0} s first: {quietPushes} pushes, {quietFailovers} failovers; batches accepted {accepted.Count}, sequences {seqs[0]}..{seqs[^1]}, lost {lost}; failovers {agent.Stats.Failovers} for {crashes + hangs} faults (spurious {spurious}), failbacks {agent.Stats.Failbacks}");
        Console.WriteLine("| fault | n | fault->accepted p50 | p99 | max | detection p50 | p99 | max |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (kind, list) in results.Where(r => r.Value.Count > 0))
        {
            var e2e = list.Select(x => x.EndToEnd).Order().ToList();
            var det = list.Select(x => x.Detection).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {list.Count} | {P(e2e, 50):0} ms | {P(e2e, 99):0} ms | {e2e[^1]:0} ms | {P(det, 50):0} ms | {P(det, 99):0} ms | {det[^1]:0} ms |"));
        }

        primary.Dispose();
        Directory.Delete(spool, recursive: true);
        return lost == 0 && spurious == 0 ? 0 : 1;
    }

    private static double P(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout) =>
        await WaitForAsync(() => done() ? new object() : null, timeout);

    private static async Task<T> WaitForAsync<T>(Func<T?> probe, TimeSpan timeout)
        where T : class
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (probe() is { } v)
            {
                return v;
            }

            await Task.Delay(5, cts.Token);
        }
    }
}
