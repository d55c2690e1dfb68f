using System.Buffers;
using DualHub.Hub;
using DualHub.Hub.Backbone;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Nats.Checks;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

/// <summary>
/// Hub components in-process over a real leaf pair (mainpc + pc2): the edge's journal published to pc2's server,
/// sourced into mainpc's stream, consumed by the central's durable consumer into its journal and view. HTTP
/// forwarding from the edge points at a dead port, so everything the central gets came by NATS.
/// </summary>
public sealed class HubNatsMetricsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sample_journaled_on_the_edge_reaches_the_central_view_by_NATS_while_HTTP_forwarding_fails()
    {
        await using var d = await StartNatsAsync();
        await using var edge = await Hub.StartEdgeAsync(d, Path.Combine(d.Directory, "edge"));
        await using var central = await Hub.StartCentralAsync(d, Path.Combine(d.Directory, "central"));

        await edge.AppendAsync("nats_path_test", 0, 42);

        await Poll.UntilAsync(() => central.Value("nats_path_test", 0) == 42 && central.Link.ConsumeStatus!.SamplesConsumed >= 1, Wait, "sample in the central view");

        // The edge's publisher commits its cursor (the pending count) after the stream's ack, so the sample can reach the
        // central before that commit; its HTTP forwarder fails on its own schedule: wait for both, then check the counts.
        await Poll.UntilAsync(
            () => edge.Link.PublishStatus!.PendingSamples == 0 && edge.Pipeline.Upstreams[0].State == UpstreamState.Retrying,
            Wait,
            "the edge's cursor past the sample and its HTTP upstream retrying");
        Assert.Equal(1, edge.Link.PublishStatus!.MessagesPublished);
        Assert.Equal(1, central.Link.ConsumeStatus!.SamplesConsumed);
        Assert.Equal("open", central.Link.ConnectionState);
        var families = central.Link.CollectMetrics();
        Assert.Equal(1, families.Single(f => f.Name == "dualhub_nats_consumed_samples_total").Metrics[0].Value);
    }

    [Fact]
    public async Task Central_restarted_mid_stream_loses_nothing_and_journals_nothing_twice()
    {
        await using var d = await StartNatsAsync();
        await using var edge = await Hub.StartEdgeAsync(d, Path.Combine(d.Directory, "edge"));
        var centralDir = Path.Combine(d.Directory, "central");
        var central = await Hub.StartCentralAsync(d, centralDir);
        for (var i = 0; i < 10; i++)
        {
            await edge.AppendAsync("nats_restart_test", i, i);
        }

        await Poll.UntilAsync(() => central.Pipeline.Journal.LastSequence >= 3, Wait, "central consumed some");
        await central.DisposeAsync();
        for (var i = 10; i < 20; i++)
        {
            await edge.AppendAsync("nats_restart_test", i, i);
        }

        await Poll.UntilAsync(() => edge.Link.PublishStatus!.PendingSamples == 0, Wait, "edge published all");
        await using var again = await Hub.StartCentralAsync(d, centralDir);
        await Poll.UntilAsync(() => Enumerable.Range(0, 20).All(i => again.Value("nats_restart_test", i) == i), Wait, "all 20 series in the central view");

        var info = await new NatsJSContext(again.Nats).GetConsumerAsync(ObservabilityStreams.Metrics, ObservabilityStreams.CentralHubConsumer);
        await Poll.UntilAsync(
            async () =>
            {
                await info.RefreshAsync();
                return info.Info.NumAckPending == 0 && info.Info.NumPending == 0;
            },
            Wait,
            "consumer fully acked");
        Assert.Equal(20, again.Pipeline.Journal.LastSequence);
    }

    [Fact]
    public async Task Edge_resending_after_a_restart_is_deduplicated_by_msg_id()
    {
        await using var d = await StartNatsAsync();
        var edgeDir = Path.Combine(d.Directory, "edge");
        await using var central = await Hub.StartCentralAsync(d, Path.Combine(d.Directory, "central"));
        var edge = await Hub.StartEdgeAsync(d, edgeDir);
        for (var i = 0; i < 5; i++)
        {
            await edge.AppendAsync("nats_dedup_test", i, i);
        }

        await Poll.UntilAsync(() => edge.Link.PublishStatus!.PendingSamples == 0, Wait, "edge published all");

        // A crash after the stream's ack but before the cursor commit: the restarted edge publishes the records again.
        await edge.Link.DisposeAsync();
        await edge.Pipeline.Journal.CommitCursorAsync("nats:pc2", new CursorPosition(1, 0));
        await edge.DisposeAsync();
        await using var restarted = await Hub.StartEdgeAsync(d, edgeDir);
        await Poll.UntilAsync(() => restarted.Link.PublishStatus!.PendingSamples == 0, Wait, "edge re-published all");
        Assert.True(restarted.Link.PublishStatus!.Duplicates == 5, restarted.Link.PublishStatus.ToString());

        await restarted.AppendAsync("nats_dedup_test", 5, 5);
        await Poll.UntilAsync(() => central.Value("nats_dedup_test", 5) == 5 && central.Pipeline.Journal.LastSequence >= 6, Wait, "the new sample reached the central");
        var pc2 = await new NatsJSContext(restarted.Nats).GetStreamAsync(ObservabilityStreams.Metrics);
        Assert.Equal(6L, pc2.Info.State.Messages);
        Assert.Equal(6, central.Pipeline.Journal.LastSequence);
    }

    [Fact]
    public async Task Edge_keeps_journaling_while_its_NATS_server_is_down_and_publishes_the_backlog_once_after()
    {
        await using var d = await StartNatsAsync();
        await using var central = await Hub.StartCentralAsync(d, Path.Combine(d.Directory, "central"));
        await using var edge = await Hub.StartEdgeAsync(d, Path.Combine(d.Directory, "edge"), localOnly: true);
        await edge.AppendAsync("nats_outage_test", 0, 0);
        await Poll.UntilAsync(() => central.Value("nats_outage_test", 0) == 0, Wait, "first sample at the central");

        await d["pc2"].KillAsync();
        for (var i = 1; i <= 5; i++)
        {
            await edge.AppendAsync("nats_outage_test", i, i);
        }

        await Poll.UntilAsync(() => edge.Link.PublishStatus is { Failures: > 0, State: "retrying", PendingSamples: 5 }, Wait, "publisher retrying with a backlog");
        await d["pc2"].StartAsync();
        await Poll.UntilAsync(() => Enumerable.Range(1, 5).All(i => central.Value("nats_outage_test", i) == i) && central.Pipeline.Journal.LastSequence >= 6, Wait, "backlog at the central");

        // The edge commits its cursor after each ack: the last record can be journaled at the central before that.
        await Poll.UntilAsync(() => edge.Link.PublishStatus!.PendingSamples == 0, Wait, "the edge's cursor past the backlog");
        Assert.Equal(6, central.Pipeline.Journal.LastSequence);
    }

    [Fact]
    public async Task Central_skips_check_probes_and_drops_undecodable_messages_without_stalling()
    {
        await using var d = await StartNatsAsync();
        await using var central = await Hub.StartCentralAsync(d, Path.Combine(d.Directory, "central"));
        await using var conn = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "test");
        var js = new NatsJSContext(conn);
        var check = new NatsHeaders { [NatsChecks.CheckHeader] = "1" };
        (await js.PublishAsync("observability.metrics.check-x", "{\"check\":true}"u8.ToArray(), opts: new NatsJSPubOpts { MsgId = "c1" }, headers: check)).EnsureSuccess();
        (await js.PublishAsync("observability.metrics.bad", "not snappy"u8.ToArray(), opts: new NatsJSPubOpts { MsgId = "b1" })).EnsureSuccess();
        var good = Hub.Encode("nats_after_bad", 1, 7, compress: true);
        (await js.PublishAsync("observability.metrics.other", good, opts: new NatsJSPubOpts { MsgId = "g1" })).EnsureSuccess();

        // The central's view shows a sample as soon as it passed the ingest filter, a moment before the journal commit
        // and the consumer's count: wait for the count too.
        await Poll.UntilAsync(
            () => central.Value("nats_after_bad", 1) == 7 && central.Link.ConsumeStatus!.MessagesConsumed >= 1,
            Wait,
            "good message after the bad one");
        var status = central.Link.ConsumeStatus!;
        Assert.Equal(1, status.ChecksSkipped);
        Assert.Equal(1, status.MessagesDropped);
        Assert.Equal(1, status.MessagesConsumed);
        Assert.Equal(1, central.Pipeline.Journal.LastSequence);
    }

    private static async Task<NatsTestDeployment> StartNatsAsync()
    {
        var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        return d;
    }

    /// <summary>An edge or central hub's sample path plus its NATS link, in-process.</summary>
    private sealed class Hub : IAsyncDisposable
    {
        private bool _disposed;

        private Hub(SamplePipeline pipeline, NatsBackboneLink link, NatsConnection nats)
        {
            Pipeline = pipeline;
            Link = link;
            Nats = nats;
        }

        public SamplePipeline Pipeline { get; }

        public NatsBackboneLink Link { get; }

        /// <summary>A plain connection to the hub's own server, for stream and consumer state.</summary>
        public NatsConnection Nats { get; }

        public static Task<Hub> StartEdgeAsync(NatsTestDeployment d, string dir, bool localOnly = false) => StartAsync(
            d["pc2"].ClientUrl,
            dir,
            $"remote_write:\n  - url: http://127.0.0.1:{FreePort.Next()}/api/v1/write\n    name: central-http\n    queue_config:\n      min_backoff: 100ms\n      max_backoff: 1s\n",
            new NatsHubOptions { Url = localOnly ? d["pc2"].ClientUrl : d["pc2"].ClientUrl + "," + d["mainpc"].ClientUrl, Node = "pc2", Publishes = true },
            centralView: false);

        public static Task<Hub> StartCentralAsync(NatsTestDeployment d, string dir) => StartAsync(
            d["mainpc"].ClientUrl,
            dir,
            "global:\n  scrape_interval: 1m\n",
            new NatsHubOptions { Url = d["mainpc"].ClientUrl, Consumes = true },
            centralView: true);

        public static byte[] Encode(string name, int series, double value, bool compress)
        {
            var request = new WriteRequest();
            request.Series.Add(new TimeSeries
            {
                Labels = [new Label("__name__", name), new Label("i", series.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                Samples = [new Sample(value, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds())],
            });
            var buffer = new ArrayBufferWriter<byte>();
            if (compress)
            {
                RemoteWriteCodec.EncodeCompressed(request, buffer);
            }
            else
            {
                RemoteWriteCodec.Encode(request, buffer);
            }

            return buffer.WrittenSpan.ToArray();
        }

        public async Task AppendAsync(string name, int series, double value) =>
            await Pipeline.Journal.AppendAsync(Encode(name, series, value, compress: false), 1);

        /// <summary>The central view's value of <c>name{i="series"}</c>, or null.</summary>
        public double? Value(string name, int series)
        {
            var label = series.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var family = Pipeline.View!.ToFamilies().FirstOrDefault(f => f.Name == name);
            return family?.Metrics.FirstOrDefault(m => m.Labels.Contains(new Label("i", label)))?.Value;
        }

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await Link.DisposeAsync();
            await Pipeline.DisposeAsync();
            await Nats.DisposeAsync();
        }

        private static async Task<Hub> StartAsync(string localUrl, string dir, string yaml, NatsHubOptions options, bool centralView)
        {
            Directory.CreateDirectory(dir);
            var config = PrometheusConfigReader.Read(yaml, "hub.yml");
            var pipeline = new SamplePipeline(config, new SampleLogOptions { Path = Path.Combine(dir, "samples.db") }, TimeProvider.System, centralView: centralView);
            pipeline.Start();
            var link = new NatsBackboneLink(options, pipeline.Journal, TimeProvider.System);
            link.Start();
            var nats = NatsConnectionFactory.Create([localUrl], "test-state");
            await nats.ConnectAsync();
            return new Hub(pipeline, link, nats);
        }
    }
}
