using DualHub.Nats.Topology;

namespace DualHub.Nats.Streams;

/// <summary>Where each stream and consumer lives for a topology.</summary>
public static class NatsStreamPlan
{
    /// <summary>
    /// Leaf: every machine gets the three streams (R1) in its own domain, edges before their hub; the hub's streams source every edge's
    /// through <c>$JS.&lt;edge&gt;.API</c>; the hub gets the centralhub and health-monitor consumers, edges the edgehub one.
    /// Cluster and plan: one JetStream system, streams with R3 / R2, all three consumers.
    /// </summary>
    public static IReadOnlyList<NatsApplyTarget> For(NatsTopologyOptions topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (topology.Topology != NatsTopologyKind.Leaf)
        {
            return [ForServers(topology.Topology.ToString().ToLowerInvariant(), topology.Nodes.Select(n => n.ClientUrl).ToList(), topology.Replicas) with { Auth = topology.Security?.ClientAuth() }];
        }

        var all = ObservabilityStreams.Consumers.Select(c => c.Name).ToList();

        // Edges first: a hub stream created before the stream it sources waits for a retry (seconds) to start sourcing.
        return topology.Nodes.OrderBy(n => topology.IsLeafHub(n)).Select(node =>
        {
            var edges = topology.EdgesOf(node);
            var isHub = edges.Count > 0;
            var isEdge = topology.LeafHubOf(node) is not null;
            IReadOnlyList<string> consumers = isHub
                ? [ObservabilityStreams.CentralHubConsumer, ObservabilityStreams.HealthMonitorConsumer]
                : isEdge ? [ObservabilityStreams.EdgeHubConsumer] : all;
            return new NatsApplyTarget(node.Name, [node.ClientUrl], 1, edges.Select(e => e.Name).ToList(), consumers) { Auth = topology.Security?.ClientAuth() };
        }).ToList();
    }

    /// <summary>Explicit servers (<c>--server URL ...</c>): one JetStream system with all streams and consumers.</summary>
    public static NatsApplyTarget ForServers(string label, IReadOnlyList<string> urls, int replicas) =>
        new(label, urls, replicas, [], ObservabilityStreams.Consumers.Select(c => c.Name).ToList());
}
