using DualHub.Nats.Topology;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

/// <summary>Topologies on loopback with free ports and stores under a test's temp dir.</summary>
internal static class NatsTestTopologies
{
    public static NatsTopologyOptions Leaf(string dir) => new()
    {
        Topology = NatsTopologyKind.Leaf,
        PingInterval = "2s",
        Nodes =
        [
            Node("mainpc", dir, leafPort: FreePort.Next(), role: "central"),
            Node("pc2", dir, role: "edge"),
        ],
    };

    public static NatsTopologyOptions Cluster(string dir, int nodes = 3) => new()
    {
        Topology = NatsTopologyKind.Cluster,
        ClusterName = "obs-test",
        PingInterval = "2s",
        Nodes = Enumerable.Range(1, nodes).Select(i => Node($"n{i}", dir, clusterPort: FreePort.Next())).ToList(),
    };

    public static NatsTopologyOptions Plan(string dir) => new()
    {
        Topology = NatsTopologyKind.Plan,
        PingInterval = "2s",
        Nodes = [Node("mainpc", dir, clusterPort: FreePort.Next()), Node("pc2", dir, clusterPort: FreePort.Next())],
    };

    private static NatsNodeOptions Node(string name, string dir, int leafPort = 0, int clusterPort = 0, string? role = null) => new()
    {
        Name = name,
        ClientPort = FreePort.Next(),
        MonitorPort = FreePort.Next(),
        LeafPort = leafPort,
        ClusterPort = clusterPort,
        StoreDir = Path.Combine(dir, "store", name),
        Role = role,
    };
}
