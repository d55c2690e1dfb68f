using DualHub.Nats.Messaging;
using DualHub.Nats.Monitoring;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

/// <summary>The plan's literal 2-node R2 cluster, asserted as it really behaves when a node is lost.</summary>
public sealed class PlanNodeLossTests
{
    [Fact]
    public async Task With_one_of_two_nodes_down_R2_publishes_and_the_JetStream_API_fail_and_recover_when_it_returns()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Plan);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        await using var conn = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "survivor");
        var publisher = ObservabilityMessaging.CreatePublisher(conn, new NatsPublisherOptions { MaxAttempts = 2, AttemptTimeout = TimeSpan.FromSeconds(1) });
        await publisher.PublishMetricsAsync("mainpc", "before"u8.ToArray(), "before-1");

        await d["pc2"].KillAsync();

        // "Stop PC2, MainPC continues" does not hold: the survivor has no quorum for R2 streams.
        await Assert.ThrowsAsync<NatsPublishException>(() => publisher.PublishMetricsAsync("mainpc", "during"u8.ToArray(), "during-1"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var error = await Poll.UntilAsync(
            async () => await NatsMonitor.GetHealthAsync(http, d["mainpc"].MonitorUrl + "/healthz") is (false, { } e) && e.Contains("meta leader", StringComparison.Ordinal) ? e : null,
            TimeSpan.FromSeconds(30),
            "/healthz on the survivor to report the lost meta leader");
        Assert.True(error.Contains("meta leader", StringComparison.Ordinal), error);
        Assert.True((await NatsMonitor.GetHealthAsync(http, d["mainpc"].MonitorUrl + "/healthz?js-enabled-only=true")).Healthy);
        var apply = await Assert.ThrowsAsync<NatsApplyException>(() => NatsStreamApplier.ApplyAsync(d.Deployment.Topology, TimeSpan.FromSeconds(3)));
        Assert.True(apply.Message.Contains("meta leader", StringComparison.Ordinal), apply.Message);

        await d["pc2"].StartAsync();
        await d["pc2"].WaitReadyAsync(NatsReadiness.JetStreamEnabled, TimeSpan.FromSeconds(30));
        var retried = await Poll.UntilAsync(
            async () => await publisher.PublishMetricsAsync("mainpc", "during"u8.ToArray(), "during-1"),
            TimeSpan.FromSeconds(30),
            "R2 writes to work again");

        // A timed-out publish may have been committed when the peer returned: the same msg id keeps it single.
        Assert.True(retried.Sequence >= 2);
        Assert.Equal(1UL, await NatsStreamReader.CountAsync(new NATS.Client.JetStream.NatsJSContext(conn), ObservabilityStreams.Metrics, "observability.metrics.mainpc") - 1);
    }
}
