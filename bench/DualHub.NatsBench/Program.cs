// NATS publish -> consume latency and throughput on loopback, real nats-server processes.
// Usage: dotnet artifacts/bin/DualHub.NatsBench/release/DualHub.NatsBench.dll [count] [payload-bytes]
//   [--runs N] [--cases same,cross,r3,same-b2b,cross-b2b,r3-b2b] [--interval-ms 5] [--series DIR]
// Latency cases publish one message, wait for its ack, then pause --interval-ms (a steady rate, as hubs publish);
// the -b2b cases publish back to back (closed loop), which by itself keeps the 2 cores busy: a saturation figure.
// Every run starts fresh servers and streams (as `dualhub up` does); runs share one process, so run 1 includes JIT.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DualHub.Nats.Checks;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Nats.Topology;
using DualHub.NatsBench;

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !IsOptionValue(args, a)).ToList();
var count = positional.Count > 0 ? int.Parse(positional[0], CultureInfo.InvariantCulture) : 5000;
var payload = positional.Count > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 1024;
var runs = int.Parse(Option(args, "--runs") ?? "1", CultureInfo.InvariantCulture);
var cases = (Option(args, "--cases") ?? "same,cross,r3,same-b2b,cross-b2b,r3-b2b").Split(',', StringSplitOptions.RemoveEmptyEntries);
var interval = TimeSpan.FromMilliseconds(double.Parse(Option(args, "--interval-ms") ?? "5", CultureInfo.InvariantCulture));
var seriesDir = Option(args, "--series");
if (seriesDir is not null)
{
    Directory.CreateDirectory(seriesDir);
}

using var gc = new GcPauseListener();
var serverPids = new List<int>();
using var sampler = new CpuSampler(() =>
{
    lock (serverPids)
    {
        return [.. serverPids];
    }
});
var names = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["same"] = FormattableString.Invariant($"leaf R1, same server (MainPC -> MainPC), {interval.TotalMilliseconds:0.#} ms pause after each ack"),
    ["cross"] = FormattableString.Invariant($"leaf R1, PC2 -> MainPC via sourcing, {interval.TotalMilliseconds:0.#} ms pause after each ack"),
    ["r3"] = FormattableString.Invariant($"cluster R3 (publish n1, consume n2), {interval.TotalMilliseconds:0.#} ms pause after each ack"),
    ["same-b2b"] = "leaf R1, same server, back to back (saturating)",
    ["cross-b2b"] = "leaf R1, PC2 -> MainPC, back to back (saturating)",
    ["r3-b2b"] = "cluster R3, back to back (saturating)",
};
var rows = new List<(string Case, int Run, NatsLatencyResult Result, string Load, string Notes)>();
Console.WriteLine(FormattableString.Invariant($"messages per case: {count}, payload {payload} B, runs {runs}, GC server={System.Runtime.GCSettings.IsServerGC} concurrent={System.Runtime.GCSettings.LatencyMode}, cores {Environment.ProcessorCount}"));
for (var run = 1; run <= runs; run++)
{
    var root = Path.Combine(Path.GetTempPath(), "dualhub-natsbench-" + Guid.NewGuid().ToString("N")[..8]);
    try
    {
        if (cases.Any(c => c.StartsWith("same", StringComparison.Ordinal) || c.StartsWith("cross", StringComparison.Ordinal)))
        {
            var leaf = new NatsTopologyOptions
            {
                Topology = NatsTopologyKind.Leaf,
                Nodes = [Node("mainpc", root, leaf: true), Node("pc2", root)],
            };
            await using var d = await NatsSupervisor.StartAsync(leaf, Path.Combine(root, "leaf"));
            await NatsStreamApplier.ApplyAsync(leaf);
            var hub = d.Servers["mainpc"].ClientUrl;
            var edge = d.Servers["pc2"].ClientUrl;
            foreach (var c in cases.Where(c => c.StartsWith("same", StringComparison.Ordinal) || c.StartsWith("cross", StringComparison.Ordinal)))
            {
                await MeasureAsync(c, run, d, c.StartsWith("same", StringComparison.Ordinal) ? hub : edge, hub);
            }
        }

        if (cases.Any(c => c.StartsWith("r3", StringComparison.Ordinal)))
        {
            var cluster = new NatsTopologyOptions
            {
                Topology = NatsTopologyKind.Cluster,
                Nodes = [Node("n1", root, cluster: true), Node("n2", root, cluster: true), Node("n3", root, cluster: true)],
            };
            await using var d = await NatsSupervisor.StartAsync(cluster, Path.Combine(root, "cluster"));
            // Creating R3 streams right after the cluster formed can take over the default 10 s on a loaded machine.
            await NatsStreamApplier.ApplyAsync(cluster, TimeSpan.FromSeconds(60));
            foreach (var c in cases.Where(c => c.StartsWith("r3", StringComparison.Ordinal)))
            {
                await MeasureAsync(c, run, d, d.Servers["n1"].ClientUrl, d.Servers["n2"].ClientUrl);
            }
        }
    }
    finally
    {
        try
        {
            Directory.Delete(root, true);
        }
        catch (IOException)
        {
        }
    }
}

Console.WriteLine();
Console.WriteLine("| case | run | p50 ms | p90 ms | p99 ms | max ms | msg/s | load avg (1/5 min) | during the case |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var (c, run, r, load, notes) in rows)
{
    Console.WriteLine(FormattableString.Invariant($"| {names[c]} | {run} | {r.P50Ms:0.000} | {r.P90Ms:0.000} | {r.P99Ms:0.000} | {r.MaxMs:0.00} | {r.ThroughputPerSecond:0} | {load} | {notes} |"));
}

if (runs > 1)
{
    Console.WriteLine();
    Console.WriteLine("p99 across runs (min / median / max ms):");
    foreach (var g in rows.GroupBy(r => r.Case))
    {
        var p = g.Select(r => r.Result.P99Ms).Order().ToList();
        Console.WriteLine(FormattableString.Invariant($"  {names[g.Key]}: {p[0]:0.00} / {p[p.Count / 2]:0.00} / {p[^1]:0.00}  [{string.Join(", ", g.Select(r => r.Result.P99Ms.ToString("0.00", CultureInfo.InvariantCulture)))}]"));
    }
}

async Task MeasureAsync(string c, int run, INatsDeployment d, string from, string to)
{
    var backToBack = c.EndsWith("-b2b", StringComparison.Ordinal);
    var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    lock (serverPids)
    {
        serverPids.Clear();
        serverPids.AddRange(d.Servers.Values.Select(s => s.ProcessId ?? 0).Where(p => p > 0));
    }

    var cpuBefore = CpuSnapshot.Take(d);
    var load = LoadAverage();
    var r = await NatsChecks.MeasureLatencyAsync(from, to, count, payload, interval: backToBack ? null : interval);
    var cpu = CpuSnapshot.Take(d).Since(cpuBefore);
    var pause = GC.GetTotalPauseDuration() - gcBefore.Item4;
    var gcs = FormattableString.Invariant($"GC {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3} pause {pause.TotalMilliseconds:0.0} ms");
    rows.Add((c, run, r, load, FormattableString.Invariant($"{gcs}; {cpu.Summary}")));
    Console.WriteLine(FormattableString.Invariant($"run {run} {c}: {r with { Samples = [] }}; load {load}; {gcs}; cpu {cpu.Detail}"));
    Outliers(r);
    if (seriesDir is not null)
    {
        var path = Path.Combine(seriesDir, FormattableString.Invariant($"{c}-run{run}.csv"));
        using var w = new StreamWriter(path);
        w.WriteLine("i,sent_ms,ack_ms,stored_ms,latency_ms");
        for (var i = 0; i < r.Samples.Count; i++)
        {
            var s = r.Samples[i];
            w.WriteLine(FormattableString.Invariant($"{i},{s.SentMs:0.000},{s.AckMs:0.000},{s.StoredMs - s.SentMs:0.000},{s.LatencyMs:0.000}"));
        }
    }
}

// The ten slowest messages: when they were sent, how much of it was the publish ack, and any GC pause inside their window.
void Outliers(NatsLatencyResult r)
{
    var pauses = gc.Pauses;
    var slow = r.Samples.Select((s, i) => (s, i)).OrderByDescending(x => x.s.LatencyMs).Take(10).OrderBy(x => x.i);
    var total = r.Samples.Count > 0 ? r.Samples[^1].ReceivedMs : 0;
    Console.WriteLine(FormattableString.Invariant($"  slowest 10 of {r.Samples.Count} (run took {total:0} ms); where the messages at or over p99 lost their time: {Hops(r)}"));
    foreach (var (s, i) in slow)
    {
        var from = r.StartTimestamp + (long)(s.SentMs * Stopwatch.Frequency / 1000);
        var to = r.StartTimestamp + (long)(s.ReceivedMs * Stopwatch.Frequency / 1000);
        var overlap = pauses.Where(p => p.End >= from && p.Start <= to).Select(p => FormattableString.Invariant($"gen{p.Generation} {Stopwatch.GetElapsedTime(p.Start, p.End).TotalMilliseconds:0.00} ms")).ToList();
        var others = sampler.OthersPercent(from - (Stopwatch.Frequency / 50), to + (Stopwatch.Frequency / 50));
        Console.WriteLine(FormattableString.Invariant($"    #{i} at {s.SentMs:0.0} ms: latency {s.LatencyMs:0.000} ms (ack {s.AckMs:0.000}, ack->stored {s.StoredMs - s.AckedMs:0.000}, stored->consume {s.ReceivedMs - s.StoredMs:0.000}); other processes {others:0}% (+-20 ms){(overlap.Count > 0 ? "; GC pause: " + string.Join(", ", overlap) : string.Empty)}"));
    }
}

// NatsLatencySample.SlowestHop for each message at or over p99 ("client": the server had stored it within 1 ms but the
// ack and the delivery both reached this process late), or "gc" when a GC pause of this process took half its latency.
string Hops(NatsLatencyResult r)
{
    var pauses = gc.Pauses;
    var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
    foreach (var s in r.Samples.Where(s => s.LatencyMs >= r.P99Ms))
    {
        var from = r.StartTimestamp + (long)(s.SentMs * Stopwatch.Frequency / 1000);
        var to = r.StartTimestamp + (long)(s.ReceivedMs * Stopwatch.Frequency / 1000);
        var gcHit = pauses.Any(p => p.End >= from && p.Start <= to && Stopwatch.GetElapsedTime(p.Start, p.End).TotalMilliseconds >= s.LatencyMs / 2);
        var hop = gcHit ? "gc" : s.SlowestHop.ToString().ToLowerInvariant();
        counts[hop] = counts.GetValueOrDefault(hop) + 1;
    }

    return string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"));
}

static string LoadAverage()
{
    try
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return parts[0] + "/" + parts[1];
    }
    catch (IOException)
    {
        return "?";
    }
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static bool IsOptionValue(string[] args, string value)
{
    var i = Array.IndexOf(args, value);
    return i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal);
}

static NatsNodeOptions Node(string name, string root, bool leaf = false, bool cluster = false) => new()
{
    Name = name,
    ClientPort = FreePort(),
    MonitorPort = FreePort(),
    LeafPort = leaf ? FreePort() : 0,
    ClusterPort = cluster ? FreePort() : 0,
    StoreDir = Path.Combine(root, "store", name),
};

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}
