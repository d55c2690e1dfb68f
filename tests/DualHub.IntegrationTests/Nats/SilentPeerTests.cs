using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

public sealed class SilentPeerTests
{
    [Fact]
    public async Task A_client_notices_a_silent_server_by_ping_and_moves_to_the_next_url_in_seconds()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        var opts = NatsConnectionFactory.CreateOptions([d["pc2"].ClientUrl, d["mainpc"].ClientUrl], "silent", pingInterval: TimeSpan.FromSeconds(1)) with { NoRandomize = true };
        await using var conn = new NatsConnection(opts);
        await conn.ConnectAsync();
        Assert.Equal("pc2", conn.ServerInfo!.Name);
        var publisher = ObservabilityMessaging.CreatePublisher(conn, new NatsPublisherOptions { MaxAttempts = 30, AttemptTimeout = TimeSpan.FromSeconds(1) });

        d["pc2"].Freeze();
        try
        {
            // The frozen server keeps its TCP connection open: only missed PONGs reveal it.
            await Poll.UntilAsync(() => conn.ServerInfo?.Name == "mainpc" && conn.ConnectionState == NatsConnectionState.Open, TimeSpan.FromSeconds(15), "the client to reconnect to mainpc");
            var ack = await publisher.PublishMetricsAsync("pc2", "x"u8.ToArray(), "after-freeze");

            Assert.Equal(ObservabilityStreams.Metrics, ack.Stream);
            Assert.Equal(1UL, await NatsStreamReader.CountAsync(new NatsJSContext(conn), ObservabilityStreams.Metrics, "observability.metrics.pc2"));
        }
        finally
        {
            d["pc2"].Thaw();
        }
    }
}
