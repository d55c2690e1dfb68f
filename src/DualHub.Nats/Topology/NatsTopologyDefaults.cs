namespace DualHub.Nats.Topology;

/// <summary>The plan's deployment as topologies: MainPC :4222 (monitoring :8222, leafnodes :7422), PC2 :4223 (:8223).</summary>
public static class NatsTopologyDefaults
{
    /// <summary>
    /// The plan's two machines as a leaf topology on one host (what <c>dualhub up</c> starts); <paramref name="portShift"/>
    /// moves every port by the same offset (as <c>up --base-port</c> does), 0 = the plan's ports.
    /// </summary>
    public static NatsTopologyOptions LoopbackLeaf(string storeRoot, int portShift = 0, string host = "127.0.0.1") => new()
    {
        Topology = NatsTopologyKind.Leaf,
        Nodes =
        [
            new NatsNodeOptions { Name = "mainpc", Host = host, ClientPort = 4222 + portShift, MonitorPort = 8222 + portShift, LeafPort = 7422 + portShift, StoreDir = Path.Combine(storeRoot, "mainpc"), Role = "central" },
            new NatsNodeOptions { Name = "pc2", Host = host, ClientPort = 4223 + portShift, MonitorPort = 8223 + portShift, LeafHub = "mainpc", StoreDir = Path.Combine(storeRoot, "pc2"), Role = "edge" },
        ],
    };
}
