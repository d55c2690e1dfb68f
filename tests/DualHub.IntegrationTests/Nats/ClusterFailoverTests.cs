using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

/// <summary>The cluster topology's promise: an R3 stream survives the loss of one node.</summary>
public sealed class ClusterFailoverTests
{
    [Fact]
    public async Task Killing_the_R3_stream_leader_costs_seconds_of_retries_and_no_message_is_lost_or_stored_twice()
    {
        await using var d = await NatsTestDeployment.StartAsync(dir => NatsTestTopologies.Cluster(dir));
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        await using var conn = NatsConnectionFactory.Create(d.Deployment.ClientUrls, "failover", pingInterval: TimeSpan.FromSeconds(1));
        var js = new NatsJSContext(conn);
        var retries = 0;
        var publisher = ObservabilityMessaging.CreatePublisher(conn, new NatsPublisherOptions
        {
            MaxAttempts = 40,
            AttemptTimeout = TimeSpan.FromSeconds(1),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            OnRetry = (_, _, _, _) => Interlocked.Increment(ref retries),
        });
        var ids = Enumerable.Range(0, 40).Select(i => $"m-{i}").ToList();
        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishMetricsAsync("n1", "x"u8.ToArray(), ids[i]);
        }

        var leader = (await js.GetStreamAsync(ObservabilityStreams.Metrics)).Info.Cluster!.Leader!;
        await d[leader].KillAsync();
        for (var i = 20; i < 40; i++)
        {
            await publisher.PublishMetricsAsync("n1", "x"u8.ToArray(), ids[i]);
        }

        // The JetStream API may still be settling (meta leader re-election when the killed node held it): retry reads.
        var stored = await Poll.UntilAsync(
            async () => await NatsStreamReader.ReadAsync(js, ObservabilityStreams.Metrics, "observability.metrics.n1"),
            TimeSpan.FromSeconds(30),
            "the stream to be readable after the failover");
        Assert.Equal(ids, stored.Select(m => m.MsgId));
        var newLeader = await Poll.UntilAsync(async () => (await js.GetStreamAsync(ObservabilityStreams.Metrics)).Info.Cluster?.Leader, TimeSpan.FromSeconds(30), "stream info");
        Assert.NotEqual(leader, newLeader);
        Assert.True(retries > 0, "the leader's loss should have cost at least one retry");
    }
}
