using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

public sealed class TopologyStartTests
{
    [Theory]
    [InlineData("cluster", 3, 3)]
    [InlineData("cluster", 5, 3)]
    [InlineData("plan", 2, 2)]
    public async Task Cluster_topologies_start_elect_a_meta_leader_and_accept_replicated_publishes(string kind, int nodes, int replicas)
    {
        await using var d = await NatsTestDeployment.StartAsync(dir => kind == "plan" ? NatsTestTopologies.Plan(dir) : NatsTestTopologies.Cluster(dir, nodes));

        var applied = await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        await using var conn = NatsConnectionFactory.Create(d.Deployment.ClientUrls, "test");
        var ack = await ObservabilityMessaging.CreatePublisher(conn).PublishMetricsAsync("n1", "x"u8.ToArray(), "m-1");
        var stream = await new NatsJSContext(conn).GetStreamAsync(ObservabilityStreams.Metrics);
        var summary = await d.Deployment.Servers.Values.First().GetSummaryAsync();

        Assert.All(applied, c => Assert.Equal(NatsApplyAction.Created, c.Action));
        Assert.Equal(1UL, ack.Sequence);
        Assert.Equal(replicas, stream.Info.Config.NumReplicas);
        Assert.Equal(replicas - 1, stream.Info.Cluster!.Replicas!.Count);
        Assert.Equal(d.Deployment.Servers.Count - 1, summary.Routes.Count);
        Assert.NotNull(summary.MetaLeader);
        Assert.Equal(d.Deployment.Servers.Count, summary.MetaClusterSize);
    }
}
