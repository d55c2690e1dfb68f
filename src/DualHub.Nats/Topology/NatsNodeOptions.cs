namespace DualHub.Nats.Topology;

/// <summary>One nats-server of a topology (YAML: an entry of <c>nats.nodes</c>).</summary>
public sealed class NatsNodeOptions
{
    /// <summary>Server name; also the JetStream domain in the leaf topology. Never rename a node that has a store.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Address the server listens on and clients use (default 127.0.0.1).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Client port (default 4222).</summary>
    public int ClientPort { get; set; } = 4222;

    /// <summary>HTTP monitoring port (default 8222).</summary>
    public int MonitorPort { get; set; } = 8222;

    /// <summary>Route port (cluster and plan topologies; 0 = client port + 2000).</summary>
    public int ClusterPort { get; set; }

    /// <summary>Leafnode listen port of the leaf hub (0 = client port + 3200, i.e. 7422 for 4222).</summary>
    public int LeafPort { get; set; }

    /// <summary>Leaf hub: address its leafnode listener binds and edges dial (default: <see cref="Host"/>), e.g. the LAN address
    /// while clients use loopback.</summary>
    public string? LeafHost { get; set; }

    /// <summary>Leaf topology: name of the node this one opens its leafnode to (default: the first node). Empty on the hub.</summary>
    public string? LeafHub { get; set; }

    /// <summary>JetStream store directory (required).</summary>
    public string StoreDir { get; set; } = string.Empty;

    /// <summary>Role of the hub on this machine: picks which durable consumers live here (central | edge).</summary>
    public string? Role { get; set; }

    internal int EffectiveClusterPort => ClusterPort != 0 ? ClusterPort : ClientPort + 2000;

    internal string EffectiveLeafHost => string.IsNullOrEmpty(LeafHost) ? Host : LeafHost;

    internal int EffectiveLeafPort => LeafPort != 0 ? LeafPort : ClientPort + 3200;

    /// <summary>nats://host:client-port.</summary>
    public string ClientUrl => $"nats://{Host}:{ClientPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>http://host:monitor-port.</summary>
    public string MonitorUrl => $"http://{Host}:{MonitorPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
