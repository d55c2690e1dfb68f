using System.Globalization;
using System.Text;
using System.Text.Json;
using DualHub.IntegrationTests.Edge;
using DualHub.IntegrationTests.Hub;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Reload;

/// <summary><c>POST /-/reload</c> and SIGHUP on real hubs: nothing lost under load, a bad file kept out, targets and upstreams follow the file.</summary>
public sealed class ReloadTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    // The folders of the config files a test rewrites while its hub runs, deleted after it.
    private readonly List<string> _configDirs = [];

    public void Dispose() => _configDirs.ForEach(TempDir.Delete);

    [Fact]
    public async Task Reloads_under_push_and_remote_write_load_lose_nothing_and_duplicate_nothing_at_central()
    {
        var (prom, promUrl) = await Anchors.StartPrometheusAsync("global:\n  scrape_interval: 1m\n", "--web.enable-remote-write-receiver");
        await using var _ = prom;
        await using var central = await HubInstance.StartWithConfigAsync(RemoteWrite("store", promUrl), "--role", "central");
        var config = WriteConfig("enable_lifecycle: true\n" + RemoteWrite("central", central.Url));
        await using var edge = await HubInstance.StartAsync("--role", "edge", "--config", config);
        var edgeUrl = edge.Url;

        using var stop = new CancellationTokenSource();
        var pushes = Task.Run(() => PushSequenceAsync(edgeUrl, stop.Token));

        // Unchanged, then a changed queue (the upstream is replaced and resumes at its cursor), then a scrape target added, then SIGHUP.
        await AfterPushesAsync(edgeUrl, 50);
        Assert.Equal(200, (await PostReloadAsync(edgeUrl)).Status);
        await AfterPushesAsync(edgeUrl, 50);
        File.WriteAllText(config, "enable_lifecycle: true\n" + RemoteWrite("central", central.Url, maxSamplesPerSend: 7));
        Assert.Equal(200, (await PostReloadAsync(edgeUrl)).Status);
        await AfterPushesAsync(edgeUrl, 50);
        File.WriteAllText(config, "enable_lifecycle: true\n" + RemoteWrite("central", central.Url) + ScrapeSelf(edge.Port));
        Assert.Equal(200, (await PostReloadAsync(edgeUrl)).Status);
        await AfterPushesAsync(edgeUrl, 50);
        var before = await ReloadSuccessSecondsAsync(edgeUrl);
        edge.Process.Signal(1);
        await Poll.UntilAsync(async () => await ReloadSuccessSecondsAsync(edgeUrl) > before, TimeSpan.FromSeconds(30), "the SIGHUP reload");
        await AfterPushesAsync(edgeUrl, 50);
        await stop.CancelAsync();
        var pushed = await pushes;

        // The scrape target the reload added is scraped.
        var health = await edge.HealthAsync(Http);
        Assert.Contains(health.GetProperty("scrape_targets").EnumerateArray(), t => t.GetProperty("job").GetString() == "self");
        await Poll.UntilAsync(async () => (await edge.HealthAsync(Http)).GetProperty("scrape_targets")[0].GetProperty("last_samples").GetInt32() > 0, TimeSpan.FromSeconds(30), "a scrape of the added target");
        Assert.Single(health.GetProperty("upstreams").EnumerateArray());

        // Every accepted push reached the store behind central once, in order.
        var samples = await Poll.UntilAsync(
            async () => await UpstreamQuery.RawAsync(promUrl, "reload_seq{job=\"reload\"}") is { } s && s.Count >= pushed ? s : null,
            TimeSpan.FromSeconds(60),
            $"{pushed} samples in the store");
        Assert.Equal(pushed, UpstreamQuery.AssertConsecutiveOnce(samples));
        Assert.Contains("1", await MetricAsync(edgeUrl, "dualhub_config_last_reload_successful"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_keeps_the_running_config_and_a_removed_upstream_stops()
    {
        await using var a = await HubInstance.StartAsync("--role", "central");
        await using var b = await HubInstance.StartAsync("--role", "central");
        var config = WriteConfig(RemoteWrite(("a", a.Url), ("b", b.Url)));
        await using var edge = await HubInstance.StartAsync("--role", "edge", "--config", config);
        var url = edge.Url;

        // Lifecycle off: Prometheus' 403. SIGHUP reloads regardless and turns it on.
        var (status, body) = await PostReloadAsync(url);
        Assert.Equal(403, status);
        Assert.Equal("Lifecycle API is not enabled.\n", body);
        Assert.Equal(405, (int)(await Http.GetAsync(new Uri(url + "/-/reload"))).StatusCode);
        Assert.Equal(200, await PushAsync(url, 1));
        await Poll.UntilAsync(async () => (await MetricAsync(a.Url, "reload_seq")).EndsWith(" 1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "value 1 at a");

        File.WriteAllText(config, "enable_lifecycle: true\n" + RemoteWrite("b", b.Url));
        edge.Process.Signal(1);
        await Poll.UntilAsync(async () => (await PostReloadAsync(url)).Status == 200, TimeSpan.FromSeconds(30), "lifecycle on after SIGHUP");
        var upstreams = (await edge.HealthAsync(Http)).GetProperty("upstreams");
        Assert.Equal("b", Assert.Single(upstreams.EnumerateArray()).GetProperty("name").GetString());

        // The removed upstream sends nothing more; the kept one goes on.
        Assert.Equal(200, await PushAsync(url, 2));
        await Poll.UntilAsync(async () => (await MetricAsync(b.Url, "reload_seq")).EndsWith(" 2", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "value 2 at b");
        Assert.EndsWith(" 1", await MetricAsync(a.Url, "reload_seq"), StringComparison.Ordinal);

        // A bad file: 500 naming file and line, metric 0, the running config kept (b still forwards, pushes accepted).
        File.WriteAllText(config, "enable_lifecycle: true\n" + RemoteWrite("b", b.Url) + "scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ['no-port']\n");
        (status, body) = await PostReloadAsync(url);
        Assert.Equal(500, status);
        Assert.StartsWith("failed to reload config: " + config + ":", body, StringComparison.Ordinal);
        Assert.Contains("no-port", body, StringComparison.Ordinal);
        Assert.EndsWith(" 0", await MetricAsync(url, "dualhub_config_last_reload_successful"), StringComparison.Ordinal);
        await Poll.UntilAsync(() => edge.Process.Output.Contains("Config reload failed, the running config is kept: " + config + ":", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the reload error in the log");
        Assert.Equal(200, await PushAsync(url, 3));
        await Poll.UntilAsync(async () => (await MetricAsync(b.Url, "reload_seq")).EndsWith(" 3", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "value 3 at b");

        File.WriteAllText(config, "enable_lifecycle: true\n" + RemoteWrite("b", b.Url));
        Assert.Equal(200, (await PostReloadAsync(url)).Status);
        Assert.EndsWith(" 1", await MetricAsync(url, "dualhub_config_last_reload_successful"), StringComparison.Ordinal);
    }

    private static string Listen(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    private string WriteConfig(string yaml)
    {
        var dir = TempDir.Create();
        _configDirs.Add(dir);
        var path = Path.Combine(dir, "hub.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string RemoteWrite(string name, string baseUrl, int maxSamplesPerSend = 2000) =>
        "remote_write:\n" + Upstream(name, baseUrl, maxSamplesPerSend);

    private static string RemoteWrite(params (string Name, string BaseUrl)[] upstreams) =>
        "remote_write:\n" + string.Concat(upstreams.Select(u => Upstream(u.Name, u.BaseUrl, 2000)));

    private static string Upstream(string name, string baseUrl, int maxSamplesPerSend) =>
        $"  - name: {name}\n    url: {baseUrl}/api/v1/write\n    queue_config:\n      min_backoff: 30ms\n      max_backoff: 500ms\n"
        + $"      max_samples_per_send: {maxSamplesPerSend.ToString(CultureInfo.InvariantCulture)}\n";

    private static string ScrapeSelf(int port) =>
        $"scrape_configs:\n  - job_name: self\n    scrape_interval: 1s\n    scrape_timeout: 1s\n    static_configs:\n      - targets: ['{Listen(port)}']\n";

    /// <summary>Pushes 1, 2, 3, ... until stopped, each after the previous was answered; returns how many were accepted.</summary>
    private static async Task<int> PushSequenceAsync(string url, CancellationToken stop)
    {
        var accepted = 0;
        while (!stop.IsCancellationRequested)
        {
            var status = await PushAsync(url, accepted + 1);
            Assert.Equal(200, status);
            accepted++;
        }

        return accepted;
    }

    private static async Task<int> PushAsync(string url, int value)
    {
        using var content = new StringContent($"# TYPE reload_seq gauge\nreload_seq {value.ToString(CultureInfo.InvariantCulture)}\n", Encoding.UTF8, "text/plain");
        using var r = await Http.PutAsync(new Uri(url + "/metrics/job/reload"), content);
        return (int)r.StatusCode;
    }

    /// <summary>Waits until the edge has accepted <paramref name="count"/> more pushes (of the running sequence).</summary>
    private static async Task AfterPushesAsync(string url, int count)
    {
        var start = await PushedAsync(url);
        await Poll.UntilAsync(async () => await PushedAsync(url) >= start + count, TimeSpan.FromSeconds(60), $"{count} more pushes");
    }

    private static async Task<double> PushedAsync(string url) =>
        double.TryParse((await MetricAsync(url, "reload_seq{")).Split(' ')[^1], CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static async Task<double> ReloadSuccessSecondsAsync(string url) =>
        double.Parse((await MetricAsync(url, "dualhub_config_last_reload_success_timestamp_seconds")).Split(' ')[^1], CultureInfo.InvariantCulture);

    /// <summary>The first line of <c>/metrics</c> starting with <paramref name="prefix"/>, or empty.</summary>
    private static async Task<string> MetricAsync(string url, string prefix) =>
        (await Http.GetStringAsync(new Uri(url + "/metrics"))).Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) ?? string.Empty;

    private static async Task<(int Status, string Body)> PostReloadAsync(string url)
    {
        using var r = await Http.PostAsync(new Uri(url + "/-/reload"), null);
        return ((int)r.StatusCode, await r.Content.ReadAsStringAsync());
    }
}
