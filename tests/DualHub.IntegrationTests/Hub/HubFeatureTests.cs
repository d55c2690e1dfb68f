using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DualHub.Testing;
using Snappier;

namespace DualHub.IntegrationTests.Hub;

/// <summary>What DualHub adds to the Pushgateway, through a real process started with a YAML config: auth, limits, TTL, admin and lifecycle APIs, formats.</summary>
public sealed class HubFeatureTests : IAsyncLifetime, IDisposable
{
    private const string Token = "s3cret-token";
    private HubInstance _hub = null!;
    private string _configDir = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _configDir = TempDir.Create();
        var config = Path.Combine(_configDir, "hub.yml");
        await File.WriteAllTextAsync(config, $"""
            role: pushgateway
            enable_admin_api: true
            enable_lifecycle: true
            auth:
              bearer_token: {Token}
              username: agent
              password: pw
            limits:
              max_body_bytes: 20000
              max_label_value_length: 50
              max_labels_per_series: 6
              max_series_total: 100
            """);
        _hub = await HubInstance.StartAsync("--config", config);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        TempDir.Delete(_configDir);
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Writes_need_the_token_or_basic_auth_reads_do_not()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("PUT", "/metrics/job/a", "x 1\n", auth: null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("PUT", "/metrics/job/a", "x 1\n", auth: "Bearer wrong")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("DELETE", "/metrics/job/a", (string?)null, auth: null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("PUT", "/metrics/job/a", "x 1\n")).Status);
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("agent:pw"));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("POST", "/metrics/job/a", "y 1\n", auth: basic)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/metrics", (string?)null, auth: null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/api/v1/metrics", (string?)null, auth: null)).Status);
    }

    [Fact]
    public async Task Limits_refuse_with_clear_messages_and_leave_the_store_alone()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("PUT", "/metrics/job/keep", "kept 1\n")).Status);
        var before = await ExpositionSnapshot.PushedAsync(_http, _hub.Url);

        // A gzip bomb: 64 KiB on the wire, 64 MiB inflated; refused at the limit.
        var bomb = Gzip(new byte[64 << 20]);
        var r = await SendBytesAsync("PUT", "/metrics/job/bomb", bomb, gzip: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.Status);
        Assert.Contains("limits.max_body_bytes", r.Body);

        r = await SendAsync("PUT", "/metrics/job/long", $"m{{v=\"{new string('x', 51)}\"}} 1\n");
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Contains("value of label \"v\"", r.Body);

        r = await SendAsync("PUT", "/metrics/job/many", "m{a=\"1\",b=\"1\",c=\"1\",d=\"1\",e=\"1\"} 1\n");
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Contains("limits.max_labels_per_series", r.Body);

        var series = string.Concat(Enumerable.Range(0, 150).Select(i => $"s{{i=\"{i}\"}} 1\n"));
        r = await SendAsync("PUT", "/metrics/job/total", series);
        Assert.Equal(HttpStatusCode.TooManyRequests, r.Status);
        Assert.Contains("the limit (limits.max_series_total) is 100", r.Body);

        Assert.Equal(before, await ExpositionSnapshot.PushedAsync(_http, _hub.Url));
    }

    [Fact]
    public async Task Hostile_input_never_gets_a_5xx_and_never_disturbs_the_store()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("PUT", "/metrics/job/keep", "# TYPE kept gauge\nkept{a=\"b\"} 1\n")).Status);
        var before = await ExpositionSnapshot.PushedAsync(_http, _hub.Url);
        var random = new Random(42);
        var bodies = new List<(string Path, byte[] Body, bool Gzip, string? ContentType)>();
        for (var i = 0; i < 30; i++)
        {
            var b = new byte[random.Next(1, 3000)];
            random.NextBytes(b);
            bodies.Add(("/metrics/job/junk", b, false, null));
            bodies.Add(("/metrics/job/junk", b, false, "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"));
            bodies.Add(("/metrics/job/junk", b, true, null));
        }

        bodies.Add(("/metrics/job/keep", "kept{a=\"b\"} 1 1\n"u8.ToArray(), false, null));
        bodies.Add(("/metrics/job/keep", "# TYPE kept counter\nkept{a=\"b\"} 2\n"u8.ToArray(), false, null)); // replaces: allowed (same group)
        bodies.Add(("/metrics/job/other", "# TYPE kept gauge\nkept{a=\"c\"} 2\n"u8.ToArray(), false, null));
        bodies.Add(("/metrics/job/j/" + new string('a', 4000) + "/v", "x 1\n"u8.ToArray(), false, null));
        bodies.Add(("/metrics/job/snappy", [0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59, 0x01, 0xff], false, null));
        foreach (var (path, body, gzip, type) in bodies)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, _hub.Url + path) { Content = new ByteArrayContent(body) };
            if (gzip)
            {
                req.Content.Headers.ContentEncoding.Add("gzip");
            }

            if (type is not null)
            {
                req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }

            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var resp = await _http.SendAsync(req);
            Assert.True((int)resp.StatusCode < 500, $"{path} ({body.Length} bytes, gzip={gzip}) got {(int)resp.StatusCode}");
        }

        // The only accepted write replaced group "keep" with a counter; everything else was refused (refusals by the
        // consistency check only record a failure time, as in the Pushgateway).
        var after = await ExpositionSnapshot.PushedAsync(_http, _hub.Url);
        Assert.Equal(["kept Counter help= {a=\"b\",instance=\"\",job=\"keep\"} 2 count=0 sum=0"], after.Where(l => !l.StartsWith("push_", StringComparison.Ordinal)));
        Assert.Single(before, l => !l.StartsWith("push_", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/-/ready", (string?)null)).Status);
    }

    [Fact]
    public async Task Ttl_header_expires_the_group()
    {
        // Long enough that the check right after the push sees the group even on a loaded machine (a stall of seconds
        // between two requests happens on a busy 2-core runner).
        var r = await SendAsync("PUT", "/metrics/job/short", "ephemeral 1\n", headers: [("X-DualHub-TTL", "10s")]);
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("PUT", "/metrics/job/long", "durable 1\n")).Status);
        Assert.Contains(await ExpositionSnapshot.PushedAsync(_http, _hub.Url), l => l.StartsWith("ephemeral ", StringComparison.Ordinal));
        await Poll.UntilAsync(
            async () => !(await ExpositionSnapshot.PushedAsync(_http, _hub.Url)).Any(l => l.Contains("job=\"short\"", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            "the group to expire");
        Assert.Contains(await ExpositionSnapshot.PushedAsync(_http, _hub.Url), l => l.StartsWith("durable ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync("PUT", "/metrics/job/x", "a 1\n", headers: [("X-DualHub-TTL", "soon")])).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync("PUT", "/metrics/job/x", "a 1\n", headers: [("X-DualHub-TTL", "-1s")])).Status);
    }

    [Fact]
    public async Task Snappy_and_gzip_bodies_openmetrics_and_gzip_scrapes()
    {
        using (var ms = new MemoryStream())
        {
            using (var s = new SnappyStream(ms, CompressionMode.Compress, leaveOpen: true))
            {
                s.Write("# TYPE snappy_total counter\nsnappy_total 4\n"u8);
            }

            var r = await SendBytesAsync("PUT", "/metrics/job/sn", ms.ToArray(), headers: [("Content-Encoding", "snappy")]);
            Assert.Equal(HttpStatusCode.OK, r.Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendBytesAsync("PUT", "/metrics/job/gz", Gzip("gz 2\n"u8.ToArray()), gzip: true)).Status);

        using var om = new HttpRequestMessage(HttpMethod.Get, _hub.Url + "/metrics");
        om.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0; charset=utf-8");
        using var omResp = await _http.SendAsync(om);
        var omText = await omResp.Content.ReadAsStringAsync();
        Assert.StartsWith("application/openmetrics-text", omResp.Content.Headers.ContentType!.ToString());
        Assert.EndsWith("# EOF\n", omText);
        Assert.Contains("# TYPE snappy counter\nsnappy_total{instance=\"\",job=\"sn\"} 4.0\n", omText);

        using var gz = new HttpRequestMessage(HttpMethod.Get, _hub.Url + "/metrics");
        gz.Headers.AcceptEncoding.ParseAdd("gzip");
        using var zipped = await _http.SendAsync(gz);
        Assert.Contains("gzip", zipped.Content.Headers.ContentEncoding);
        using var unzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var text = new MemoryStream();
        await unzip.CopyToAsync(text);
        var plain = await ExpositionSnapshot.PushedAsync(_http, _hub.Url);
        Assert.Equal(plain, ExpositionSnapshot.Lines(DualHub.Metrics.Text.TextParser.Parse(text.ToArray())));
    }

    [Fact]
    public async Task Wipe_and_quit_work_when_enabled()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("PUT", "/metrics/job/w1", "a 1\n")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await SendAsync("GET", "/api/v1/admin/wipe", (string?)null)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync("PUT", "/api/v1/admin/wipe", (string?)null)).Status);
        Assert.Empty(await ExpositionSnapshot.PushedAsync(_http, _hub.Url));

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("PUT", "/-/quit", (string?)null, auth: null)).Status);
        var quit = await SendAsync("PUT", "/-/quit", (string?)null);
        Assert.Equal(HttpStatusCode.OK, quit.Status);
        Assert.Equal("Requesting termination... Goodbye!\n", quit.Body);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _hub.Process.WaitForExitAsync(cts.Token);
        Assert.Equal(0, _hub.Process.ExitCode);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }

    private Task<(HttpStatusCode Status, string Body)> SendAsync(string method, string path, string? body, string? auth = "default", (string, string)[]? headers = null) =>
        SendBytesAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body), auth: auth, headers: headers);

    private async Task<(HttpStatusCode Status, string Body)> SendBytesAsync(string method, string path, byte[]? body, bool gzip = false, string? auth = "default", (string, string)[]? headers = null)
    {
        using var req = new HttpRequestMessage(new HttpMethod(method), _hub.Url + path);
        if (body is not null)
        {
            req.Content = new ByteArrayContent(body);
            if (gzip)
            {
                req.Content.Headers.ContentEncoding.Add("gzip");
            }
        }

        if (auth is not null)
        {
            req.Headers.TryAddWithoutValidation("Authorization", auth == "default" ? "Bearer " + Token : auth);
        }

        foreach (var (name, value) in headers ?? [])
        {
            if (!req.Headers.TryAddWithoutValidation(name, value))
            {
                req.Content!.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var resp = await _http.SendAsync(req);
        return (resp.StatusCode, await resp.Content.ReadAsStringAsync());
    }
}
