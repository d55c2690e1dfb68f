using DualHub.Nats.Streams;
using DualHub.Nats.Tests.Topology;
using DualHub.Nats.Topology;
using NATS.Client.JetStream.Models;

namespace DualHub.Nats.Tests.Streams;

public sealed class NatsStreamPlanTests
{
    [Fact]
    public void Leaf_gives_each_machine_its_streams_and_the_hub_sources_the_edge_through_its_domain_api()
    {
        var targets = NatsStreamPlan.For(NatsTopologyDefaults.LoopbackLeaf("/s"));

        Assert.Equal(["pc2", "mainpc"], targets.Select(t => t.Label));
        Assert.Equal(["pc2"], targets[1].SourceDomains);
        Assert.Empty(targets[0].SourceDomains);
        Assert.Equal([ObservabilityStreams.CentralHubConsumer, ObservabilityStreams.HealthMonitorConsumer], targets[1].Consumers);
        Assert.Equal([ObservabilityStreams.EdgeHubConsumer], targets[0].Consumers);

        var stream = NatsStreamApplier.DesiredStream(ObservabilityStreams.Metrics, "observability.metrics.>", TimeSpan.FromHours(24), targets[1], TimeSpan.FromMinutes(2));
        var source = Assert.Single(stream.Sources!);
        Assert.Equal("observability-metrics", source.Name);
        Assert.Equal("$JS.pc2.API", source.External!.Api);
        Assert.Equal(StreamConfigStorage.File, stream.Storage);
        Assert.Equal(1, stream.NumReplicas);
    }

    [Theory]
    [InlineData(NatsTopologyKind.Cluster, 3, 3)]
    [InlineData(NatsTopologyKind.Cluster, 5, 3)]
    [InlineData(NatsTopologyKind.Plan, 2, 2)]
    public void Cluster_and_plan_are_one_target_with_every_url_and_their_replica_count(NatsTopologyKind kind, int nodes, int replicas)
    {
        var target = Assert.Single(NatsStreamPlan.For(NatsTopologyValidatorTests.Topology(kind, nodes)));

        Assert.Equal(nodes, target.Urls.Count);
        Assert.Equal(replicas, target.Replicas);
        Assert.Equal(3, target.Consumers.Count);
    }

    [Fact]
    public void The_plans_streams_have_the_plans_retention()
    {
        Assert.Equal(
            [("observability-metrics", "observability.metrics.>", 24.0), ("observability-health", "observability.health.>", 24.0), ("observability-alerts", "observability.alerts.>", 168.0)],
            ObservabilityStreams.All.Select(s => (s.Name, s.Subjects, s.MaxAge.TotalHours)));
    }

    [Fact]
    public void A_stream_equal_in_every_managed_setting_has_no_difference_and_a_changed_one_names_it()
    {
        var target = NatsStreamPlan.ForServers("x", ["nats://a:1"], 1);
        var desired = NatsStreamApplier.DesiredStream("s", "a.>", TimeSpan.FromHours(1), target, TimeSpan.FromMinutes(2));
        var same = NatsStreamApplier.DesiredStream("s", "a.>", TimeSpan.FromHours(1), target, TimeSpan.FromMinutes(2));
        var older = NatsStreamApplier.DesiredStream("s", "a.>", TimeSpan.FromHours(2), target, TimeSpan.FromMinutes(1));

        Assert.Null(NatsStreamApplier.StreamDifference(same, desired));
        Assert.Equal("max_age, duplicate_window", NatsStreamApplier.StreamDifference(older, desired));
    }
}
