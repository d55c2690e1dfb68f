using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Nats.Topology;
using DualHub.Testing;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

/// <summary>A real partition of the leafnode link (network namespace, veth down) while both servers keep running.</summary>
public sealed class LeafPartitionTests
{
    [NetnsFact]
    public async Task Both_sides_accept_while_partitioned_and_the_edges_messages_reach_the_hub_once_after_the_heal()
    {
        using var net = NetnsPartition.Create();
        await using var d = await NetnsLeaf.StartAsync(net);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        await using var hubConn = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "hub");
        await using var edgeConn = NatsConnectionFactory.Create([d["pc2"].ClientUrl], "edge");
        var hubJs = new NatsJSContext(hubConn);
        var hubPub = ObservabilityMessaging.CreatePublisher(hubConn);
        var edgePub = ObservabilityMessaging.CreatePublisher(edgeConn);
        const string EdgeSubject = "observability.metrics.pc2";

        var before = await PublishAsync(edgePub, "before", 10);
        await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(hubJs, ObservabilityStreams.Metrics, EdgeSubject) == 10, TimeSpan.FromSeconds(20), "sourcing across the leaf link");

        net.Cut();
        var during = await PublishAsync(edgePub, "during", 30);
        foreach (var i in Enumerable.Range(0, 10))
        {
            await hubPub.PublishMetricsAsync("mainpc", "h"u8.ToArray(), $"hub-{i}");
        }

        // The edge (the leafnode's soliciting side) pings regardless of traffic, so it drops the dead link in seconds;
        // the hub may keep it longer while it has traffic to send. Sourcing delivers within milliseconds over a live
        // link, so none of the 30 crossed while apart.
        await Poll.UntilAsync(async () => (await d["pc2"].GetSummaryAsync()).Leafs.Count == 0, TimeSpan.FromSeconds(20), "the edge to drop the silent leafnode link");
        Assert.Equal(10UL, await NatsStreamReader.CountAsync(hubJs, ObservabilityStreams.Metrics, EdgeSubject));

        net.Heal();
        await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(hubJs, ObservabilityStreams.Metrics, EdgeSubject) >= 40, TimeSpan.FromSeconds(40), "the edge's partition-time messages on the hub");

        var onHub = await NatsStreamReader.ReadAsync(hubJs, ObservabilityStreams.Metrics, EdgeSubject);
        Assert.Equal(before.Concat(during), onHub.Select(m => m.MsgId));
        Assert.Equal(10UL, await NatsStreamReader.CountAsync(hubJs, ObservabilityStreams.Metrics, "observability.metrics.mainpc"));
    }

    private static async Task<List<string>> PublishAsync(IObservabilityPublisher publisher, string prefix, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i}";
            var ack = await publisher.PublishMetricsAsync("pc2", "e"u8.ToArray(), id);
            Assert.False(ack.Duplicate);
            ids.Add(id);
        }

        return ids;
    }
}
