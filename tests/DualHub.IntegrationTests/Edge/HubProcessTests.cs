using System.Globalization;
using System.Text.Json;
using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Edge;

/// <summary>The real <c>dualhub hub</c> process as edge and central, with real Prometheus and vmagent around it.</summary>
[LongRunning]
public sealed class HubProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Central_receives_remote_write_from_prometheus_agent_and_vmagent()
    {
        await using var target = new CountingTarget(series: 5);
        var dir = TempDir.Create();
        try
        {
            var port = FreePort.Next();
            var hubUrl = $"http://127.0.0.1:{port}";
            await using var hub = DualHubProcess.Start(["hub", "--role", "central", "--listen", $"127.0.0.1:{port}", "--data", Path.Combine(dir, "central")]);
            await hub.WaitForHttpOkAsync(hubUrl + "/-/ready", Long);

            var scrape = $"""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: t
                    static_configs:
                      - targets: ['{target.Address}']
                """;
            var agentDir = Path.Combine(dir, "agent");
            Directory.CreateDirectory(agentDir);
            await File.WriteAllTextAsync(Path.Combine(agentDir, "agent.yml"), scrape.Replace("  scrape_timeout: 1s\n", "  scrape_timeout: 1s\n  external_labels:\n    agent: prom\n", StringComparison.Ordinal)
                + $"\nremote_write:\n  - url: {hubUrl}/api/v1/write\n");
            var agentPort = FreePort.Next();
            await using var agent = ExternalProcess.Start(Anchors.PrometheusBinary, ["--enable-feature=agent", $"--config.file={Path.Combine(agentDir, "agent.yml")}", $"--storage.agent.path={Path.Combine(agentDir, "data")}", $"--web.listen-address=127.0.0.1:{agentPort}"], agentDir);

            var vmDir = Path.Combine(dir, "vmagent");
            Directory.CreateDirectory(vmDir);
            await File.WriteAllTextAsync(Path.Combine(vmDir, "scrape.yml"), scrape);
            await using var vmagent = ExternalProcess.Start(Anchors.VmagentBinary, [$"-promscrape.config={Path.Combine(vmDir, "scrape.yml")}", $"-remoteWrite.url={hubUrl}/api/v1/write", "-remoteWrite.label=agent=vm", $"-remoteWrite.tmpDataPath={Path.Combine(vmDir, "q")}", "-remoteWrite.queues=1", $"-httpListenAddr=127.0.0.1:{FreePort.Next()}"], vmDir);

            foreach (var who in new[] { "prom", "vm" })
            {
                try
                {
                    await Poll.UntilAsync(
                        async () => !agent.HasExited && !vmagent.HasExited
                            && (await UpstreamQuery.InstantAsync(hubUrl, $"edge_test_counter{{agent=\"{who}\"}}")).Count == 5,
                        Long,
                        $"5 series from {who} in the central view");
                }
                catch (TimeoutException ex)
                {
                    throw new TimeoutException($"{ex.Message}\nhub:\n{hub.Output}\nprometheus agent:\n{agent.Output}\nvmagent:\n{vmagent.Output}", ex);
                }
            }

            var series = await GetJsonAsync($"{hubUrl}/api/v1/series?match[]={Uri.EscapeDataString("up{job=\"t\"}")}");
            Assert.Equal(2, series.RootElement.GetProperty("data").GetArrayLength());
            var metrics = await Http.GetStringAsync(new Uri(hubUrl + "/metrics"));
            Assert.Contains("edge_test_counter{agent=\"vm\"", metrics, StringComparison.Ordinal);

            // What a self-scrape job (scope=self) journals: the hub's own families, not the forwarded series again.
            var own = await Http.GetStringAsync(new Uri(hubUrl + "/metrics?scope=self"));
            Assert.Contains("dualhub_build_info{role=\"central\"", own, StringComparison.Ordinal);
            Assert.DoesNotContain("edge_test_counter", own, StringComparison.Ordinal);

            var bad = await Http.GetAsync(new Uri($"{hubUrl}/api/v1/query?query={Uri.EscapeDataString("m{")}"));
            Assert.Equal(400, (int)bad.StatusCode);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    /// <summary>
    /// Issue 4's fault run: the edge is SIGKILLed mid-stream and restarted, then the upstream is down for two minutes
    /// (<c>DUALHUB_OUTAGE_SECONDS</c> overrides it for a quick local run) and the edge is SIGKILLed again in the middle
    /// of the outage, with the backlog only on its disk. Afterwards every accepted scrape is at the upstream once and in order.
    /// </summary>
    [Fact]
    public async Task Edge_killed_with_sigkill_mid_stream_and_two_minute_upstream_outage_deliver_every_sample_once_in_order()
    {
        var outageSeconds = int.TryParse(Environment.GetEnvironmentVariable("DUALHUB_OUTAGE_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var configured) ? configured : 120;
        await using var target = new CountingTarget(series: 10);
        var dir = TempDir.Create();
        var promDir = TempDir.Create();
        ExternalProcess? edge = null;
        try
        {
            var promPort = FreePort.Next();
            const string promConfig = "global:\n  scrape_interval: 1m\n";
            var (prom, promUrl) = await Anchors.StartPrometheusOnPortAsync(promConfig, promPort, promDir, "--web.enable-remote-write-receiver");
            await using var promGuard = prom; // disposing twice is harmless

            var edgePort = FreePort.Next();
            var edgeUrl = $"http://127.0.0.1:{edgePort}";
            var config = Path.Combine(dir, "prometheus-edge.yml");
            await File.WriteAllTextAsync(config, $"""
                role: edge
                global:
                  scrape_interval: 500ms
                  scrape_timeout: 500ms
                  external_labels:
                    hub: edge
                scrape_configs:
                  - job_name: t
                    static_configs:
                      - targets: ['{target.Address}']
                remote_write:
                  - url: {promUrl}/api/v1/write
                    name: central
                    queue_config:
                      max_samples_per_send: 7
                      min_backoff: 50ms
                      max_backoff: 2s
                      max_retries: 3
                """);
            string[] args = ["hub", "--role", "edge", "--config", config, "--listen", $"127.0.0.1:{edgePort}", "--data", Path.Combine(dir, "data")];

            edge = DualHubProcess.Start(args);
            await edge.WaitForHttpOkAsync(edgeUrl + "/-/ready", Long);
            await Poll.UntilAsync(() => target.Served >= 6, Long, "6 scrapes");
            edge = await KillAndRestartAsync(edge, args, edgeUrl); // mid-stream: 15 samples per scrape go out 7 per request
            var servedBeforeKill = target.Served;
            await Poll.UntilAsync(() => target.Served >= servedBeforeKill + 4, Long, "scrapes after the restart");

            await prom.DisposeAsync(); // upstream outage
            var outage = System.Diagnostics.Stopwatch.StartNew();
            var outageStart = target.Served;
            await Poll.UntilAsync(async () => await PendingAsync(edgeUrl) > 0 && outage.Elapsed.TotalSeconds >= outageSeconds / 2.0, TimeSpan.FromSeconds(outageSeconds + 60), "first half of the outage");
            var pendingBeforeKill = await PendingAsync(edgeUrl);
            edge = await KillAndRestartAsync(edge, args, edgeUrl); // the backlog is only on the edge's disk now
            await Poll.UntilAsync(async () => await PendingAsync(edgeUrl) >= pendingBeforeKill && outage.Elapsed.TotalSeconds >= outageSeconds, TimeSpan.FromSeconds(outageSeconds + 60), "second half of the outage");
            var servedInOutage = target.Served - outageStart;
            var outageLength = outage.Elapsed;

            var (prom2, _) = await Anchors.StartPrometheusOnPortAsync(promConfig, promPort, promDir, "--web.enable-remote-write-receiver");
            await using var _ = prom2;
            await Poll.UntilAsync(async () => await PendingAsync(edgeUrl) == 0, Long, "backlog delivered");

            var samples = await UpstreamQuery.RawAsync(promUrl, "edge_test_counter{series=\"4\"}");
            var values = samples.OrderBy(s => s.TimestampMs).Select(s => s.Value).ToList();
            Assert.Equal(values.Count, values.Distinct().Count()); // once
            Assert.True(values.SequenceEqual(values.Order()), "in order: " + string.Join(",", values));
            var expected = Enumerable.Range(1, (int)values[^1]).Select(v => (double)v).ToList();
            var missing = expected.Except(values).ToList();

            // Missing values may only be scrapes that were never accepted: one each SIGKILL interrupted before its
            // journal commit, and scrapes that failed (timed out under load), each of which is recorded as up == 0.
            var failedScrapes = (await UpstreamQuery.RawAsync(promUrl, "up{job=\"t\"}")).Count(s => s.Value == 0);
            Assert.True(missing.Count <= failedScrapes + 2, $"missing {string.Join(",", missing)} ({failedScrapes} failed scrapes): {string.Join(",", values)}");
            Assert.True(servedInOutage >= outageSeconds, $"only {servedInOutage} scrapes in a {outageSeconds} s outage");
            Assert.True(values.Count >= outageStart + servedInOutage - 2 - failedScrapes, $"{values.Count} samples");
            output.WriteLine($"outage {outageLength.TotalSeconds:0} s, {servedInOutage} scrapes during it, {pendingBeforeKill} samples pending at the second SIGKILL; "
                + $"series 4: {values.Count} samples, values 1..{values[^1]}, missing [{string.Join(",", missing)}], {failedScrapes} failed scrapes, 0 duplicates, in order");
        }
        finally
        {
            if (edge is not null)
            {
                await edge.DisposeAsync();
            }

            TempDir.Delete(dir);
            TempDir.Delete(promDir);
        }
    }

    private static async Task<ExternalProcess> KillAndRestartAsync(ExternalProcess edge, string[] args, string edgeUrl)
    {
        edge.Signal(9);
        await edge.WaitForExitAsync();
        await edge.DisposeAsync();
        var restarted = DualHubProcess.Start(args);
        await restarted.WaitForHttpOkAsync(edgeUrl + "/-/ready", Long);
        return restarted;
    }

    private static async Task<long> PendingAsync(string edgeUrl)
    {
        using var doc = await GetJsonAsync(edgeUrl + "/health");
        return doc.RootElement.GetProperty("upstreams")[0].GetProperty("pending_samples").GetInt64();
    }

    private static async Task<JsonDocument> GetJsonAsync(string url)
    {
        var text = await Http.GetStringAsync(new Uri(url));
        return JsonDocument.Parse(text);
    }
}
