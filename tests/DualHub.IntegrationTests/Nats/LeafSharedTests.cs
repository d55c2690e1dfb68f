using System.Text;
using DualHub.Nats.Checks;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

[Collection(NatsLeafGroup.Name)]
public sealed class LeafSharedTests(NatsLeafFixture fx)
{
    [Fact]
    public async Task Streams_apply_creates_every_stream_and_consumer_once_and_a_second_apply_changes_nothing()
    {
        Assert.All(fx.FirstApply, c => Assert.Equal(NatsApplyAction.Created, c.Action));
        Assert.Equal(6, fx.FirstApply.Count(c => c.Kind == "stream"));
        Assert.Equal(["observability-health-monitor", "observability-metrics-centralhub"], fx.FirstApply.Where(c => c.Target == "mainpc" && c.Kind == "consumer").Select(c => c.Name).Order());
        Assert.Equal(["observability-metrics-edgehub"], fx.FirstApply.Where(c => c.Target == "pc2" && c.Kind == "consumer").Select(c => c.Name));

        var second = await NatsStreamApplier.ApplyAsync(fx.Deployment.Topology);

        Assert.Equal(fx.FirstApply.Count, second.Count);
        Assert.All(second, c => Assert.Equal(NatsApplyAction.Unchanged, c.Action));
    }

    [Fact]
    public async Task Streams_have_the_plans_settings_on_the_server()
    {
        var hub = await fx.MainPcJs.GetStreamAsync(ObservabilityStreams.Alerts);
        var edge = await fx.Pc2Js.GetStreamAsync(ObservabilityStreams.Metrics);

        Assert.Equal(TimeSpan.FromHours(168), hub.Info.Config.MaxAge);
        Assert.Equal(NATS.Client.JetStream.Models.StreamConfigStorage.File, hub.Info.Config.Storage);
        Assert.Equal(["observability.alerts.>"], hub.Info.Config.Subjects!);
        Assert.Equal("$JS.pc2.API", Assert.Single(hub.Info.Config.Sources!).External!.Api);
        Assert.Equal(TimeSpan.FromHours(24), edge.Info.Config.MaxAge);
        Assert.Null(edge.Info.Config.Sources);
    }

    [Fact]
    public async Task What_the_edge_accepts_reaches_the_hub_stream_by_sourcing_exactly_once()
    {
        var node = fx.NextId();
        var publisher = ObservabilityMessaging.CreatePublisher(fx.Pc2);
        var ids = Enumerable.Range(0, 20).Select(i => $"{node}-{i}").ToList();
        foreach (var id in ids)
        {
            var ack = await publisher.PublishMetricsAsync(node, Encoding.UTF8.GetBytes(id), id);
            Assert.Equal("observability-metrics", ack.Stream);
        }

        var subject = NatsSubjects.Metrics(node);
        await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(fx.MainPcJs, ObservabilityStreams.Metrics, subject) >= 20, TimeSpan.FromSeconds(15), "edge messages on the hub");
        var hub = await NatsStreamReader.ReadAsync(fx.MainPcJs, ObservabilityStreams.Metrics, subject);
        var edge = await NatsStreamReader.ReadAsync(fx.Pc2Js, ObservabilityStreams.Metrics, subject);

        Assert.Equal(ids, hub.Select(m => m.MsgId));
        Assert.Equal(ids, edge.Select(m => m.MsgId));
    }

    [Fact]
    public async Task A_repeated_msg_id_is_stored_once()
    {
        var node = fx.NextId();
        var publisher = ObservabilityMessaging.CreatePublisher(fx.MainPc);

        var first = await publisher.PublishMetricsAsync(node, "a"u8.ToArray(), node + "-x");
        var second = await publisher.PublishMetricsAsync(node, "a"u8.ToArray(), node + "-x");

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.Sequence, second.Sequence);
        Assert.Equal(1UL, await NatsStreamReader.CountAsync(fx.MainPcJs, ObservabilityStreams.Metrics, NatsSubjects.Metrics(node)));
    }

    [Fact]
    public async Task Health_and_alerts_land_in_their_streams()
    {
        var node = fx.NextId();
        var publisher = ObservabilityMessaging.CreatePublisher(fx.MainPc);

        var health = await publisher.PublishHealthAsync(node, """{"status":"ok"}"""u8.ToArray(), node + "-h");
        var urgent = await publisher.PublishAlertAsync(AlertSeverity.Urgent, """{"alert":"hub down"}"""u8.ToArray(), node + "-u");
        var warning = await publisher.PublishAlertAsync(AlertSeverity.Warning, """{"alert":"cpu"}"""u8.ToArray(), node + "-w");

        Assert.Equal(ObservabilityStreams.Health, health.Stream);
        Assert.Equal(ObservabilityStreams.Alerts, urgent.Stream);
        Assert.Equal(ObservabilityStreams.Alerts, warning.Stream);
    }

    [Fact]
    public async Task Durable_consumer_acks_only_after_the_commit_callback_and_redelivers_after_a_failed_commit()
    {
        var node = fx.NextId();
        var publisher = ObservabilityMessaging.CreatePublisher(fx.MainPc);
        await publisher.PublishMetricsAsync(node, "payload-1"u8.ToArray(), node + "-1");
        await publisher.PublishMetricsAsync(node, "payload-2"u8.ToArray(), node + "-2");
        var consumer = ObservabilityMessaging.CreateConsumer(fx.MainPc, ObservabilityStreams.Metrics, ObservabilityStreams.CentralHubConsumer);
        var committed = new List<(string? Id, string Data, ulong Delivered)>();
        var failOnce = true;

        // The consumer is shared with other tests: read until both of ours were committed.
        var failures = 0;
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await consumer.FetchAsync(100, TimeSpan.FromSeconds(1.5), (m, _) =>
                    {
                        if (m.Node != node)
                        {
                            return ValueTask.CompletedTask;
                        }

                        if (m.MsgId == node + "-2" && failOnce)
                        {
                            failOnce = false;
                            throw new IOException("journal commit failed");
                        }

                        committed.Add((m.MsgId, Encoding.UTF8.GetString(m.Data.Span), m.NumDelivered));
                        return ValueTask.CompletedTask;
                    });
                }
                catch (IOException)
                {
                    failures++;
                }

                return committed.Count == 2;
            },
            TimeSpan.FromSeconds(20),
            "both messages committed");

        Assert.Equal(1, failures);
        Assert.Equal((node + "-1", "payload-1", 1UL), committed[0]);
        Assert.Equal((node + "-2", "payload-2"), (committed[1].Id, committed[1].Data));
        Assert.True(committed[1].Delivered >= 2, "the failed commit's message is redelivered");
        var info = await fx.MainPcJs.GetConsumerAsync(ObservabilityStreams.Metrics, ObservabilityStreams.CentralHubConsumer);
        Assert.Equal(0, info.Info.NumAckPending);
    }

    [Fact]
    public async Task Continuous_consume_on_the_edge_delivers_in_order_and_acks_each_after_commit()
    {
        var node = fx.NextId();
        var publisher = ObservabilityMessaging.CreatePublisher(fx.Pc2);
        var consumer = ObservabilityMessaging.CreateConsumer(fx.Pc2, ObservabilityStreams.Metrics, ObservabilityStreams.EdgeHubConsumer, new NatsConsumerOptions { BatchSize = 2 });
        var seen = new List<string?>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = consumer.ConsumeAsync(
            (m, _) =>
            {
                if (m.Node == node)
                {
                    lock (seen)
                    {
                        seen.Add(m.MsgId);
                        if (seen.Count == 5)
                        {
                            cts.Cancel();
                        }
                    }
                }

                return ValueTask.CompletedTask;
            },
            cts.Token);
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishMetricsAsync(node, "c"u8.ToArray(), $"{node}-{i}");
        }

        await run;

        Assert.Equal(Enumerable.Range(0, 5).Select(i => (string?)$"{node}-{i}"), seen);
        var info = await fx.Pc2Js.GetConsumerAsync(ObservabilityStreams.Metrics, ObservabilityStreams.EdgeHubConsumer);
        Assert.Equal(0, info.Info.NumAckPending);
    }

    [Fact]
    public async Task Monitoring_summary_shows_domains_leaf_link_and_streams()
    {
        var hub = await fx.Deployment.Servers["mainpc"].GetSummaryAsync();
        var edge = await fx.Deployment.Servers["pc2"].GetSummaryAsync();

        Assert.Equal("mainpc", hub.ServerName);
        Assert.Equal("2.9.10", hub.Version);
        Assert.True(hub.Healthy);
        Assert.True(hub.JetStreamEnabled);
        Assert.Equal("mainpc", hub.Domain);
        Assert.Equal("pc2", edge.Domain);
        Assert.Equal(3, hub.Streams);
        Assert.Single(hub.Leafs);
        Assert.Empty(hub.Routes);
    }

    [Fact]
    public async Task Latency_check_times_every_message_on_its_hops_from_edge_to_hub()
    {
        var r = await NatsChecks.MeasureLatencyAsync(
            fx.Deployment.Servers["pc2"].ClientUrl, fx.Deployment.Servers["mainpc"].ClientUrl, count: 40, inFlight: 8, interval: TimeSpan.FromMilliseconds(1));

        Assert.Equal(40, r.Samples.Count);
        Assert.Equal(r.MaxMs, r.Samples.Max(s => s.LatencyMs), 6);
        for (var i = 0; i < r.Samples.Count; i++)
        {
            var s = r.Samples[i];
            Assert.True(s.SentMs <= s.AckedMs && s.SentMs < s.ReceivedMs, $"message {i}: {s}");
            Assert.True(i == 0 || s.SentMs > r.Samples[i - 1].AckedMs, $"message {i} was sent before the previous ack: {s}");
            // Stored on the hub after it was sent and before it was received (wall clock against Stopwatch: 5 ms slack).
            Assert.False(double.IsNaN(s.StoredMs), $"message {i} has no hub store time");
            Assert.InRange(s.StoredMs, s.SentMs - 5, s.ReceivedMs + 5);
        }
    }
}
