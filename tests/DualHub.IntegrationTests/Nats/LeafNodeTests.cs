using DualHub.Nats.Checks;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Testing;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

/// <summary>The plan's node tests on the leaf topology, each with its own servers (they stop them).</summary>
public sealed class LeafNodeTests
{
    [Fact]
    public async Task Edge_server_stopped_hub_keeps_accepting_and_after_restart_the_edges_messages_reach_the_hub_once()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);

        var result = await NatsChecks.RunLeafNodeTestAsync(d.Deployment, perPhase: 25);

        Assert.Equal(25, result.AcceptedByHubWhileEdgeDown);
        Assert.Equal(0, result.HubPublishesFailedWhileEdgeDown);
        Assert.Equal(50, result.AcceptedByEdge);
        Assert.Equal(50, result.ReachedHub);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicates);
        Assert.True(result.Passed, result.ToString());
    }

    [Fact]
    public async Task Edge_accepts_while_the_hub_is_down_and_after_the_hub_restarts_everything_arrives_once_and_the_hubs_own_data_persisted()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        await using var hubConn = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "hub");
        await using var edgeConn = NatsConnectionFactory.Create([d["pc2"].ClientUrl], "edge");
        var hubPub = ObservabilityMessaging.CreatePublisher(hubConn);
        var edgePub = ObservabilityMessaging.CreatePublisher(edgeConn);
        var hubIds = Enumerable.Range(0, 10).Select(i => $"hub-{i}").ToList();
        var edgeIds = Enumerable.Range(0, 30).Select(i => $"edge-{i}").ToList();
        foreach (var id in hubIds)
        {
            await hubPub.PublishMetricsAsync("mainpc", "h"u8.ToArray(), id);
        }

        await d["mainpc"].KillAsync();
        foreach (var id in edgeIds)
        {
            var ack = await edgePub.PublishMetricsAsync("pc2", "e"u8.ToArray(), id);
            Assert.False(ack.Duplicate);
        }

        await d["mainpc"].StartAsync();
        await d["mainpc"].WaitReadyAsync(NatsReadiness.Healthy, TimeSpan.FromSeconds(20));
        var hubJs = new NatsJSContext(hubConn);
        await Poll.UntilAsync(
            async () => await NatsStreamReader.CountAsync(hubJs, ObservabilityStreams.Metrics, "observability.metrics.pc2") >= 30,
            TimeSpan.FromSeconds(30),
            "the edge's messages on the hub after it restarted");

        var onHub = await NatsStreamReader.ReadAsync(hubJs, ObservabilityStreams.Metrics, "observability.metrics.pc2");
        var hubOwn = await NatsStreamReader.ReadAsync(hubJs, ObservabilityStreams.Metrics, "observability.metrics.mainpc");
        Assert.Equal(edgeIds, onHub.Select(m => m.MsgId));
        Assert.Equal(hubIds, hubOwn.Select(m => m.MsgId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stream_contents_persist_across_a_server_restart(bool kill)
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);

        var result = await NatsChecks.RunPersistenceCheckAsync(d["mainpc"], count: 50, kill: kill);

        Assert.Equal(50, result.PresentAfterRestart);
        Assert.True(result.Passed, result.ToString());
    }
}
