using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Hub;

/// <summary>A real Prometheus 2.42 scraping a hub with honor_labels sees pushed series with their own labels.</summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_with_honor_labels_sees_pushed_series()
    {
        await using var hub = await HubInstance.StartAsync();
        using var http = new HttpClient();
        using var content = new StringContent("# TYPE pushed_metric gauge\npushed_metric{foo=\"bar\"} 7\n", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/plain; version=0.0.4");
        using (var r = await http.PutAsync(new Uri(hub.Url + "/metrics/job/pj/instance/pi"), content))
        {
            Assert.Equal(200, (int)r.StatusCode);
        }

        var config = $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: dualhub
                honor_labels: true
                static_configs:
                  - targets: ["127.0.0.1:{hub.Port}"]
            """;
        var (prom, promUrl) = await Anchors.StartPrometheusAsync(config);
        await using var promProcess = prom;

        var result = await Poll.UntilAsync(
            async () =>
            {
                var json = await http.GetStringAsync(new Uri(promUrl + "/api/v1/query?query=pushed_metric"));
                using var doc = JsonDocument.Parse(json);
                var results = doc.RootElement.GetProperty("data").GetProperty("result");
                return results.GetArrayLength() > 0 ? results[0].Clone() : (JsonElement?)null;
            },
            TimeSpan.FromSeconds(30),
            "Prometheus to scrape pushed_metric");

        var metric = result!.Value.GetProperty("metric");
        Assert.Equal("pj", metric.GetProperty("job").GetString());
        Assert.Equal("pi", metric.GetProperty("instance").GetString());
        Assert.Equal("bar", metric.GetProperty("foo").GetString());
        Assert.False(metric.TryGetProperty("exported_job", out _));
        Assert.Equal("7", result.Value.GetProperty("value")[1].GetString());
    }
}
