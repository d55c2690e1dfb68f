using System.Globalization;
using System.Net;
using System.Text.Json;
using DualHub.IntegrationTests.Nats;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Store;

/// <summary>
/// A Prometheus 2.42 with its remote-write receiver as CentralHub's store: CentralHub :9000 answers the query API
/// that <c>promtool</c> and Grafana use, in Prometheus' own shapes, by forwarding to it.
/// </summary>
public sealed class StoreInteropTests : ProcessScope
{
    private const string Promtool = "/usr/bin/promtool";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Prometheus_as_the_store_answers_promtool_and_every_query_endpoint_through_CentralHub()
    {
        Assert.True(File.Exists(Promtool), $"{Promtool} missing: apt-get install prometheus (./test.sh installs it)");
        var (prom, promUrl) = await Anchors.StartPrometheusAsync("global:\n  scrape_interval: 1m\n", "--web.enable-remote-write-receiver");
        Keep(prom);
        var (central, centralUrl) = await CentralWithStore.StartAsync(Dir, $"remote_write:\n  - url: \"{promUrl}/api/v1/write\"\n    name: store\nquery:\n  url: \"{promUrl}\"\n");
        Keep(central);

        // Three series, one sample a second for the last 30 s, each value one more than the last.
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        for (var k = 0; k < 30; k++)
        {
            await HubHttp.RemoteWriteAsync(centralUrl, CentralWithStore.Samples("interop_total", 3, k, now - ((30 - k) * 1000L)));
        }

        await Poll.UntilAsync(async () => await ValueAsync(centralUrl, "sum(count_over_time(interop_total[1m]))") == "90", Wait, "90 samples in the store, through CentralHub");
        // Each series rises by about 30 within the 1 m range (29, extrapolated by Prometheus' own engine to 30): 0.5 a second, 1.5 in all.
        var rate = double.Parse((await ValueAsync(centralUrl, "sum(rate(interop_total[1m]))"))!, CultureInfo.InvariantCulture);
        Assert.InRange(rate, 1.35, 1.65);

        var end = (now / 1000).ToString(CultureInfo.InvariantCulture);
        var start = ((now / 1000) - 20).ToString(CultureInfo.InvariantCulture);
        var instant = await RunAsync(Promtool, ["query", "instant", centralUrl, "sum by (i) (rate(interop_total[1m]))"]);
        Assert.Equal(3, instant.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("=>", StringComparison.Ordinal)));
        var range = await RunAsync(Promtool, ["query", "range", "--start", start, "--end", end, "--step", "5s", centralUrl, "interop_total"]);
        Assert.Contains("interop_total{i=\"2\"", range, StringComparison.Ordinal);

        // query_range by GET and by POST form: the same matrix.
        var rangeQuery = $"query=interop_total&start={start}&end={end}&step=5";
        using var get = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/query_range?{rangeQuery}");
        using var post = await JsonAsync(HttpMethod.Post, $"{centralUrl}/api/v1/query_range", rangeQuery);
        Assert.Equal("matrix", get.RootElement.GetProperty("data").GetProperty("resultType").GetString());
        Assert.Equal(3, get.RootElement.GetProperty("data").GetProperty("result").GetArrayLength());
        Assert.Equal(get.RootElement.GetProperty("data").GetRawText(), post.RootElement.GetProperty("data").GetRawText());
        // vmalert POSTs with the parameters in the URL and no body.
        using var urlPost = await JsonAsync(HttpMethod.Post, $"{centralUrl}/api/v1/query_range?{rangeQuery}");
        Assert.Equal(get.RootElement.GetProperty("data").GetRawText(), urlPost.RootElement.GetProperty("data").GetRawText());

        using var series = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/series?match[]=interop_total");
        Assert.Equal(["0", "1", "2"], series.RootElement.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("i").GetString()).Order());
        using var labels = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/labels");
        Assert.Contains("i", labels.RootElement.GetProperty("data").EnumerateArray().Select(l => l.GetString()));
        using var values = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/label/i/values");
        Assert.Equal(["0", "1", "2"], values.RootElement.GetProperty("data").EnumerateArray().Select(l => l.GetString()));
        using var metadata = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/metadata");
        Assert.Equal(JsonValueKind.Object, metadata.RootElement.GetProperty("data").ValueKind);
        using var build = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/status/buildinfo");
        Assert.StartsWith("2.42", build.RootElement.GetProperty("data").GetProperty("version").GetString(), StringComparison.Ordinal);

        // A bad expression is Prometheus' bad_data, not a 500.
        using var bad = await Http.GetAsync(new Uri($"{centralUrl}/api/v1/query?query={Uri.EscapeDataString("rate(interop_total[1m]")}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var badBody = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        Assert.Equal(("error", "bad_data"), (badBody.RootElement.GetProperty("status").GetString(), badBody.RootElement.GetProperty("errorType").GetString()));
    }

    [Fact]
    public async Task With_the_store_down_a_selector_answers_from_the_view_with_a_warning_and_rate_gets_503_naming_the_store()
    {
        var storeUrl = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var (central, centralUrl) = await CentralWithStore.StartAsync(Dir, $"remote_write:\n  - url: \"{storeUrl}/api/v1/write\"\n    name: store\nquery:\n  url: \"{storeUrl}\"\n");
        Keep(central);
        await HubHttp.RemoteWriteAsync(centralUrl, CentralWithStore.Samples("down_metric", 1, 7, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()));

        using var selector = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/query?query=down_metric");
        Assert.Equal("7", selector.RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());
        Assert.Contains(storeUrl, selector.RootElement.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);

        foreach (var path in new[] { "/api/v1/query?query=rate(down_metric[5m])", "/api/v1/query_range?query=down_metric&start=1&end=2&step=1", "/api/v1/labels" })
        {
            using var response = await Http.GetAsync(new Uri(centralUrl + path));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {(int)response.StatusCode} {body}");
            using var doc = JsonDocument.Parse(body);
            Assert.Equal(("error", "unavailable"), (doc.RootElement.GetProperty("status").GetString(), doc.RootElement.GetProperty("errorType").GetString()));
            Assert.Contains($"store {storeUrl}", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_query_over_the_concurrency_limit_gets_prometheus_error_at_once()
    {
        // A store that takes connections and never answers holds the one allowed query open.
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var storeUrl = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}";
        var (central, centralUrl) = await CentralWithStore.StartAsync(Dir, $"query:\n  url: \"{storeUrl}\"\n  max_concurrent: 1\n  timeout: 20s\n");
        Keep(central);

        var held = Http.GetAsync(new Uri($"{centralUrl}/api/v1/query?query={Uri.EscapeDataString("sum(rate(x[1m]))")}"));
        await Poll.UntilAsync(async () => await InFlightAsync(centralUrl) == 1, Wait, "one query in flight at the silent store");

        using var refused = await Http.GetAsync(new Uri($"{centralUrl}/api/v1/query?query=up"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"too many concurrent queries (query.max_concurrent is 1)\"}", await refused.Content.ReadAsStringAsync());

        // The store goes away: the held query ends as a store error, and the slot is free again.
        silent.Stop();
        using var released = await held;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, released.StatusCode);
        await Poll.UntilAsync(async () => await InFlightAsync(centralUrl) == 0, Wait, "no query in flight");
    }

    private static async Task<long> InFlightAsync(string centralUrl)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(centralUrl + "/health")));
        return doc.RootElement.GetProperty("query").GetProperty("in_flight").GetInt64();
    }

    private static async Task<string?> ValueAsync(string centralUrl, string query)
    {
        using var doc = await JsonAsync(HttpMethod.Get, $"{centralUrl}/api/v1/query?query={Uri.EscapeDataString(query)}");
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
    }

    private static async Task<JsonDocument> JsonAsync(HttpMethod method, string url, string? form = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url));
        if (form is not null)
        {
            request.Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {url}: {(int)response.StatusCode} {body}");
        var doc = JsonDocument.Parse(body);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc;
    }

    private static async Task<string> RunAsync(string file, string[] args)
    {
        await using var p = ExternalProcess.Start(file, args);
        using var cts = new CancellationTokenSource(Wait);
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: exit {p.ExitCode}: {p.Output}");
        return p.Output;
    }
}
