using DualHub.Hub;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Edge;

/// <summary>The edge components in-process, scraping a real HTTP target and remote-writing into real upstreams.</summary>
public sealed class EdgeForwardingTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Edge_remote_writes_into_prometheus_2_42_every_sample_once_in_order()
    {
        await using var target = new CountingTarget(series: 20);
        var (prom, promUrl) = await Anchors.StartPrometheusAsync("global:\n  scrape_interval: 1m\n", "--web.enable-remote-write-receiver");
        await using var _ = prom;
        var dir = TempDir.Create();
        try
        {
            // Scrapes go on while the journal drains: every scrape served before the drain check started is at the
            // upstream except the one possibly still being journaled, and none after the edge stopped can be.
            int servedBeforeDrain;
            await using (var edge = Edge(target, promUrl + "/api/v1/write", dir))
            {
                edge.Start();
                await Poll.UntilAsync(() => target.Served >= 4, Long, "4 scrapes");
                servedBeforeDrain = target.Served;
                await Poll.UntilAsync(() => edge.Upstreams[0].PendingSamples == 0 && edge.Upstreams[0].SamplesSent > 0, Long, "journal drained");
            }

            var scraped = target.Served;

            var up = await UpstreamQuery.InstantAsync(promUrl, "up{job=\"t\"}");
            Assert.Equal(1.0, Assert.Single(up).Value);
            Assert.Equal("edge", up[0].Labels["hub"]);
            Assert.Equal(20, (await UpstreamQuery.InstantAsync(promUrl, "edge_test_counter")).Count);
            var n = UpstreamQuery.AssertConsecutiveOnce(await UpstreamQuery.RawAsync(promUrl, "edge_test_counter{series=\"7\"}"));
            Assert.InRange(n, servedBeforeDrain - 1, scraped);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Edge_remote_writes_into_victoria_metrics()
    {
        await using var target = new CountingTarget(series: 5);
        var (vm, vmUrl) = await Anchors.StartVictoriaMetricsAsync();
        await using var _ = vm;
        var dir = TempDir.Create();
        try
        {
            await using var edge = Edge(target, vmUrl + "/api/v1/write", dir);
            edge.Start();
            await Poll.UntilAsync(() => target.Served >= 3 && edge.Upstreams[0].PendingSamples == 0, Long, "3 scrapes forwarded");
            await Poll.UntilAsync(
                async () => (await UpstreamQuery.VmExportAsync(vmUrl, "edge_test_counter{series=\"3\"}")).Count >= 3,
                Long,
                "samples visible in VictoriaMetrics export");
            UpstreamQuery.AssertConsecutiveOnce(await UpstreamQuery.VmExportAsync(vmUrl, "edge_test_counter{series=\"3\"}"));
            Assert.All(await UpstreamQuery.VmExportAsync(vmUrl, "up{job=\"t\",hub=\"edge\",instance=\"" + target.Address + "\"}"), s => Assert.Equal(1.0, s.Value));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Upstream_outage_loses_nothing_and_keeps_order()
    {
        const int seconds = 10; // the two-minute outage runs against the real process in HubProcessTests
        await using var target = new CountingTarget(series: 10);
        var port = FreePort.Next();
        var promDir = TempDir.Create();
        var dir = TempDir.Create();
        try
        {
            await using var edge = Edge(target, $"http://127.0.0.1:{port}/api/v1/write", dir);
            edge.Start();
            var outage = System.Diagnostics.Stopwatch.StartNew();
            await Poll.UntilAsync(() => target.Served >= seconds && outage.Elapsed.TotalSeconds >= seconds, TimeSpan.FromSeconds(seconds + 60), "scrapes during the outage");
            Assert.Equal(UpstreamState.Retrying, edge.Upstreams[0].State);
            Assert.True(edge.Upstreams[0].PendingSamples > 0);

            var (prom, promUrl) = await Anchors.StartPrometheusOnPortAsync("global:\n  scrape_interval: 1m\n", port, promDir, "--web.enable-remote-write-receiver");
            await using var _ = prom;
            await Poll.UntilAsync(() => edge.Upstreams[0].PendingSamples == 0, Long, "backlog delivered");
            var served = target.Served;
            await Poll.UntilAsync(
                async () => (await UpstreamQuery.RawAsync(promUrl, "edge_test_counter{series=\"0\"}")).Count >= served - 1,
                Long,
                "every scrape visible");
            var n = UpstreamQuery.AssertConsecutiveOnce(await UpstreamQuery.RawAsync(promUrl, "edge_test_counter{series=\"0\"}"));
            Assert.True(n >= seconds, $"only {n} samples");
            Assert.Equal(0, edge.Upstreams[0].SamplesDropped);
        }
        finally
        {
            TempDir.Delete(dir);
            TempDir.Delete(promDir);
        }
    }

    internal static SamplePipeline Edge(CountingTarget target, string writeUrl, string dir)
    {
        var yaml = $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              external_labels:
                hub: edge
            scrape_configs:
              - job_name: t
                static_configs:
                  - targets: ['{target.Address}']
            remote_write:
              - url: {writeUrl}
                name: up1
                queue_config:
                  min_backoff: 100ms
                  max_backoff: 1s
            """;
        var config = PrometheusConfigReader.Read(yaml, "edge.yml");
        return new SamplePipeline(config, new SampleLogOptions { Path = Path.Combine(dir, "samples.db") }, TimeProvider.System);
    }
}
