// NATS publish -> consume latency and throughput on loopback, real nats-server processes.
// Usage: dotnet run -c Release --project bench/DualHub.NatsBench -- [count] [payload-bytes]
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DualHub.Nats.Checks;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Nats.Topology;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var payload = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
var root = Path.Combine(Path.GetTempPath(), "dualhub-natsbench-" + Guid.NewGuid().ToString("N")[..8]);
var rows = new List<(string Case, NatsLatencyResult Result)>();
try
{
    var leaf = new NatsTopologyOptions
    {
        Topology = NatsTopologyKind.Leaf,
        Nodes = [Node("mainpc", root, leaf: true), Node("pc2", root)],
    };
    await using (var d = await NatsSupervisor.StartAsync(leaf, Path.Combine(root, "leaf")))
    {
        await NatsStreamApplier.ApplyAsync(leaf);
        var hub = d.Servers["mainpc"].ClientUrl;
        var edge = d.Servers["pc2"].ClientUrl;
        await NatsChecks.MeasureLatencyAsync(hub, hub, 500, payload); // warm-up
        rows.Add(("leaf R1, same server (MainPC -> MainPC)", await NatsChecks.MeasureLatencyAsync(hub, hub, count, payload)));
        rows.Add(("leaf R1, cross-machine (PC2 -> MainPC via sourcing), back to back", await NatsChecks.MeasureLatencyAsync(edge, hub, count, payload)));
        rows.Add(("leaf R1, cross-machine, one publish per 5 ms", await NatsChecks.MeasureLatencyAsync(edge, hub, Math.Min(count, 1000), payload, interval: TimeSpan.FromMilliseconds(5))));
    }

    var cluster = new NatsTopologyOptions
    {
        Topology = NatsTopologyKind.Cluster,
        Nodes = [Node("n1", root, cluster: true), Node("n2", root, cluster: true), Node("n3", root, cluster: true)],
    };
    await using (var d = await NatsSupervisor.StartAsync(cluster, Path.Combine(root, "cluster")))
    {
        await NatsStreamApplier.ApplyAsync(cluster);
        var n1 = d.Servers["n1"].ClientUrl;
        var n2 = d.Servers["n2"].ClientUrl;
        await NatsChecks.MeasureLatencyAsync(n1, n2, 500, payload);
        rows.Add(("cluster R3 (publish n1, consume n2)", await NatsChecks.MeasureLatencyAsync(n1, n2, count, payload)));
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

Console.WriteLine($"messages per case: {count}, payload {payload} B, sync publish (each waits for its ack); throughput with 256 publishes in flight");
Console.WriteLine();
Console.WriteLine("| case | p50 ms | p90 ms | p99 ms | max ms | throughput msg/s |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, r) in rows)
{
    Console.WriteLine(FormattableString.Invariant($"| {name} | {r.P50Ms:0.000} | {r.P90Ms:0.000} | {r.P99Ms:0.000} | {r.MaxMs:0.00} | {r.ThroughputPerSecond:0} |"));
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
