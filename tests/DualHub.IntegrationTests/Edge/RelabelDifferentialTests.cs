using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DualHub.IntegrationTests.Hub;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Edge;

/// <summary>
/// Differential: the same target (a Pushgateway holding a pushed group) scraped by Prometheus 2.42 and by an edge hub
/// with the same <c>relabel_configs</c> and <c>metric_relabel_configs</c> gives the same series sets (read back from
/// Prometheus' TSDB and from a central hub the edge forwards to).
/// </summary>
public sealed class RelabelDifferentialTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private const string Pushed = """
        # TYPE rel_requests_total counter
        rel_requests_total{code="200",method="GET"} 5
        rel_requests_total{code="500",method="POST"} 1
        # TYPE rel_latency_seconds histogram
        rel_latency_seconds_bucket{le="0.1"} 1
        rel_latency_seconds_bucket{le="+Inf"} 2
        rel_latency_seconds_sum 0.3
        rel_latency_seconds_count 2
        # TYPE rel_temperature gauge
        rel_temperature{room="Kitchen",sensor="a-1"} 21.5

        """;

    [Fact]
    public async Task Prometheus_and_the_edge_keep_the_same_series_after_relabeling()
    {
        var (gateway, gatewayUrl) = await Anchors.StartPushgatewayAsync();
        await using var _ = gateway;
        using (var body = new StringContent(Pushed.Replace("\r\n", "\n", StringComparison.Ordinal), Encoding.UTF8))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using var r = await Http.PutAsync(new Uri(gatewayUrl + "/metrics/job/rel/instance/i1"), body);
            Assert.True(r.IsSuccessStatusCode, $"push: {(int)r.StatusCode}");
        }

        var scrape = ScrapeConfig(new Uri(gatewayUrl).Authority);
        var (prom, promUrl) = await Anchors.StartPrometheusAsync(scrape);
        await using var __ = prom;
        await using var central = await HubInstance.StartAsync("--role", "central");
        var dir = TempDir.Create();
        try
        {
            var config = Path.Combine(dir, "edge.yml");
            await File.WriteAllTextAsync(config, $"role: edge\n{scrape}remote_write:\n  - url: {central.Url}/api/v1/write\n    name: central\n");
            await using var edge = DualHubProcess.Start(["hub", "--role", "edge", "--config", config, "--listen", $"127.0.0.1:{FreePort.Next()}", "--data", Path.Combine(dir, "data")]);

            HashSet<string> expected = [], actual = [];
            try
            {
                await Poll.UntilAsync(
                    async () =>
                    {
                        expected = await SeriesAsync(promUrl);
                        actual = await SeriesAsync(central.Url);
                        return expected.Count > 10 && expected.SetEquals(actual);
                    },
                    Long,
                    "the same series at Prometheus and through the edge");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException(
                    $"{ex.Message}\nonly Prometheus:\n{string.Join('\n', expected.Except(actual))}\nonly the edge:\n{string.Join('\n', actual.Except(expected))}\nedge:\n{edge.Output}", ex);
            }

            // The rules did something: what they drop is absent, what they add is present.
            Assert.DoesNotContain(expected, s => s.Contains("go_memstats_", StringComparison.Ordinal) || s.Contains("team=", StringComparison.Ordinal));
            Assert.Contains(expected, s => s.Contains("proc=\"cpu_seconds_total\"", StringComparison.Ordinal));
            Assert.Contains(expected, s => s.Contains("lazy=\"rel|temperature\"", StringComparison.Ordinal));
            Assert.Contains(expected, s => s.StartsWith("{__name__=\"rel_temperature\"", StringComparison.Ordinal) && s.Contains("room_lc=\"kitchen\"", StringComparison.Ordinal));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    private static string ScrapeConfig(string address) => $$"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: diff
            honor_labels: true
            static_configs:
              - targets: ['{{address}}']
                labels: {zone: EU-West, team: core}
            relabel_configs:
              - {source_labels: [__address__], regex: '(.*):(\d+)', target_label: host, replacement: '$1'}
              - {source_labels: [zone], target_label: zone_lc, action: lowercase}
              - {source_labels: [__address__], target_label: shard, action: hashmod, modulus: 8}
              - {regex: team, action: labeldrop}
              - {source_labels: [__scheme__, __metrics_path__], separator: '', target_label: via}
            metric_relabel_configs:
              - {source_labels: [__name__], regex: 'go_memstats_.*|pushgateway_http_.*', action: drop}
              - {source_labels: [__name__], regex: 'process_(.*)', target_label: proc, replacement: '${1}'}
              - {source_labels: [__name__], regex: '(?P<ns>[a-z]+)_.*', target_label: ns, replacement: '${ns}'}
              - {source_labels: [__name__], target_label: bucket, action: hashmod, modulus: 4}
              - {source_labels: [room], target_label: room_lc, action: lowercase}
              - {source_labels: [le], target_label: le_up, action: uppercase}
              - {regex: '(sensor|method)', replacement: 'orig_${1}', action: labelmap}
              - {regex: 'sensor', action: labeldrop}
              - {source_labels: [host], target_label: instance, action: dropequal}
              - {source_labels: [__name__, code], separator: '@', regex: 'rel_requests_total@5..', action: drop}
              # Ambiguous captures, where RE2's leftmost-first choice decides which text each group holds.
              - {source_labels: [__name__], regex: '(.*)_(.*)', target_label: greedy, replacement: '$1|$2'}
              - {source_labels: [__name__], regex: '(.*?)_(.*)', target_label: lazy, replacement: '$1|$2'}
              - {source_labels: [__name__], regex: '(r|re)(l|el_)?(.*)', target_label: alt, replacement: '$1|$2|$3'}
              - {source_labels: [__name__], regex: '([a-z]*)(_[a-z]*)*', target_label: last_iteration, replacement: '$1|$2'}
              - {source_labels: [__name__], regex: '(?:(a*)|(b*))*(.*)', target_label: empty_loop, replacement: '$1|$2|$3'}

        """;

    /// <summary>Every series but Prometheus' synthetic scrape_* ones, as <c>{a="1",b="2"}</c> with sorted labels.</summary>
    private static async Task<HashSet<string>> SeriesAsync(string baseUrl)
    {
        var match = Uri.EscapeDataString("{__name__=~\".+\"}");
        using var r = await Http.GetAsync(new Uri($"{baseUrl}/api/v1/series?match[]={match}"));
        if (!r.IsSuccessStatusCode)
        {
            return [];
        }

        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var series in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            var labels = series.EnumerateObject().Select(p => (p.Name, Value: p.Value.GetString()!)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            if (labels.Any(l => l.Name == "__name__" && l.Value.StartsWith("scrape_", StringComparison.Ordinal)))
            {
                continue;
            }

            result.Add("{" + string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}");
        }

        return result;
    }
}
