using DualHub.Metrics.Durations;

namespace DualHub.Nats.Topology;

/// <summary>The NATS part of a topology file (YAML section <c>nats:</c>).</summary>
public sealed class NatsTopologyOptions
{
    /// <summary>leaf (default, 2 machines) | cluster (3 or 5 nodes, R3) | plan (the literal 2-node resilience-cluster, R2).</summary>
    public NatsTopologyKind Topology { get; set; } = NatsTopologyKind.Leaf;

    /// <summary>Cluster name for the cluster and plan topologies (the plan's is resilience-cluster).</summary>
    public string ClusterName { get; set; } = "resilience-cluster";

    /// <summary>Window in which a repeated Nats-Msg-Id is dropped as a duplicate (default 2m; Go duration syntax).</summary>
    public string DuplicateWindow { get; set; } = "2m";

    /// <summary>Server-side ping interval towards clients and peers (default 5s), so a silent peer is noticed in seconds.</summary>
    public string PingInterval { get; set; } = "5s";

    /// <summary>Leafnode reconnect delay in whole seconds (2.9.10 accepts only an integer).</summary>
    public int LeafReconnectSeconds { get; set; } = 1;

    /// <summary>Users and TLS on every client and leafnode port (<c>nats.security</c>), or null for none.</summary>
    public NatsSecurityOptions? Security { get; set; }

    /// <summary>The monitoring base URL of <paramref name="node"/>: https with <see cref="NatsSecurityOptions.MonitorTls"/>.</summary>
    public string MonitorUrlOf(NatsNodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Security is { MonitorTls: true } ? "https" + node.MonitorUrl["http".Length..] : node.MonitorUrl;
    }

    /// <summary>The servers, in order; in the leaf topology the first one is the hub unless nodes name another.</summary>
    public IList<NatsNodeOptions> Nodes { get; set; } = [];

    /// <summary>Replicas of every stream: 1 for leaf, 3 for cluster, 2 for plan.</summary>
    public int Replicas => Topology switch
    {
        NatsTopologyKind.Leaf => 1,
        NatsTopologyKind.Plan => Math.Max(1, Nodes.Count),
        _ => Math.Min(3, Math.Max(1, Nodes.Count)),
    };

    /// <summary>Parsed <see cref="DuplicateWindow"/>.</summary>
    public TimeSpan DuplicateWindowValue => DurationText.Parse(DuplicateWindow, DurationSyntax.Go, "nats.duplicate_window");

    /// <summary>The node with this name, or null.</summary>
    public NatsNodeOptions? Find(string name) =>
        Nodes.FirstOrDefault(n => string.Equals(n.Name, name, StringComparison.Ordinal));

    /// <summary>Leaf topology: the node <paramref name="node"/> links to, or null for the hub itself.</summary>
    public NatsNodeOptions? LeafHubOf(NatsNodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (Topology != NatsTopologyKind.Leaf || Nodes.Count == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(node.LeafHub))
        {
            return Find(node.LeafHub);
        }

        return ReferenceEquals(node, Nodes[0]) ? null : Nodes[0];
    }

    /// <summary>Leaf topology: the nodes that link to <paramref name="hub"/>.</summary>
    public IReadOnlyList<NatsNodeOptions> EdgesOf(NatsNodeOptions hub) =>
        Nodes.Where(n => !ReferenceEquals(n, hub) && ReferenceEquals(LeafHubOf(n), hub)).ToList();

    /// <summary>Whether other nodes open leafnodes to <paramref name="node"/>.</summary>
    public bool IsLeafHub(NatsNodeOptions node) => Topology == NatsTopologyKind.Leaf && EdgesOf(node).Count > 0;
}
