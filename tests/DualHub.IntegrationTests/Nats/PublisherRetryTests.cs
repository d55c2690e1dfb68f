using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Nats.Topology;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

public sealed class PublisherRetryTests
{
    [Fact]
    public async Task A_publish_whose_ack_times_out_is_retried_with_the_same_msg_id_and_stored_once()
    {
        await using var d = await NatsTestDeployment.StartAsync(dir =>
        {
            var t = NatsTestTopologies.Leaf(dir);
            t.Nodes.RemoveAt(1);
            return t;
        });
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        await using var conn = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "retry");
        await conn.ConnectAsync();
        var retried = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisher = ObservabilityMessaging.CreatePublisher(conn, new NatsPublisherOptions
        {
            MaxAttempts = 50,
            AttemptTimeout = TimeSpan.FromMilliseconds(300),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            OnRetry = (_, id, attempt, _) => retried.TrySetResult(attempt),
        });

        d["mainpc"].Freeze();
        var publish = publisher.PublishMetricsAsync("mainpc", "x"u8.ToArray(), "slow-1");
        Assert.Equal(1, await retried.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        d["mainpc"].Thaw();
        var ack = await publish.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(ack.Attempts >= 2);
        Assert.Equal(1UL, await NatsStreamReader.CountAsync(new NatsJSContext(conn), ObservabilityStreams.Metrics, "observability.metrics.mainpc"));
    }
}
