using System.Globalization;
using System.Text.Json;
using DualHub.Metrics.Durations;
using DualHub.Nats.Topology;

namespace DualHub.Nats.Monitoring;

/// <summary>Reads a server's HTTP monitoring endpoints into a <see cref="NatsMonitorSummary"/>.</summary>
public static class NatsMonitor
{
    private const int MaxBody = 4 << 20;

    /// <summary>
    /// The HTTP client of a topology's monitoring ports: with <see cref="NatsSecurityOptions.MonitorTls"/> it trusts the
    /// topology's CA and presents DualHub's client certificate (the server's <c>tls</c> block serves the port).
    /// </summary>
    public static HttpClient CreateClient(NatsSecurityOptions? security, TimeSpan timeout)
    {
        var inner = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        var tls = security is { MonitorTls: true } ? security.ClientAuth()?.Tls : null;
        return new HttpClient(Core.Security.SecureHttpHandler.Create(inner, tls, null, "nats.security")) { Timeout = timeout };
    }

    /// <summary>Fetches /healthz, /varz, /jsz, /routez and /leafz from <paramref name="monitorUrl"/> (http://host:port).</summary>
    public static async Task<NatsMonitorSummary> GetSummaryAsync(HttpClient http, string monitorUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrEmpty(monitorUrl);
        var baseUrl = monitorUrl.TrimEnd('/');
        var (healthy, healthError) = await GetHealthAsync(http, baseUrl + "/healthz", ct);
        using var varz = await GetJsonAsync(http, baseUrl + "/varz", ct);
        using var jsz = await GetJsonAsync(http, baseUrl + "/jsz", ct);
        using var routez = await GetJsonAsync(http, baseUrl + "/routez", ct);
        using var leafz = await GetJsonAsync(http, baseUrl + "/leafz", ct);
        var v = varz.RootElement;
        var j = jsz.RootElement;
        var config = Obj(j, "config");
        var meta = Obj(j, "meta_cluster");
        return new NatsMonitorSummary
        {
            ServerName = Str(v, "server_name") ?? string.Empty,
            Version = Str(v, "version") ?? string.Empty,
            Healthy = healthy,
            HealthError = healthError,
            Connections = Long(v, "connections"),
            InMsgs = Long(v, "in_msgs"),
            OutMsgs = Long(v, "out_msgs"),
            SlowConsumers = Long(v, "slow_consumers"),
            Uptime = ParseUptime(Str(v, "uptime")),
            JetStreamEnabled = config is not null,
            Domain = config is { } c ? Str(c, "domain") : null,
            Streams = Long(j, "streams"),
            Consumers = Long(j, "consumers"),
            Messages = Long(j, "messages"),
            Bytes = Long(j, "bytes"),
            ApiErrors = Obj(j, "api") is { } api ? Long(api, "errors") : 0,
            MetaLeader = meta is { } m ? Str(m, "leader") : null,
            MetaClusterSize = meta is { } m2 ? (int)Long(m2, "cluster_size") : 0,
            Routes = Arr(routez.RootElement, "routes").Select(r => new NatsRouteSummary(
                Str(r, "remote_id") ?? string.Empty, Str(r, "ip") ?? string.Empty, (int)Long(r, "port"), ParseGoDuration(Str(r, "rtt")), Bool(r, "did_solicit"))).ToList(),
            Leafs = Arr(leafz.RootElement, "leafs").Select(l => new NatsLeafSummary(
                Str(l, "name") ?? string.Empty, Str(l, "account") ?? string.Empty, Str(l, "ip") ?? string.Empty, (int)Long(l, "port"),
                ParseGoDuration(Str(l, "rtt")), Long(l, "in_msgs"), Long(l, "out_msgs"))).ToList(),
        };
    }

    /// <summary>GET /healthz (optionally <c>?js-enabled-only=true</c>): (200?, error text of a 503).</summary>
    public static async Task<(bool Healthy, string? Error)> GetHealthAsync(HttpClient http, string healthzUrl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(new Uri(healthzUrl), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            return (true, null);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return (false, Str(doc.RootElement, "error") ?? body);
        }
        catch (JsonException)
        {
            return (false, $"HTTP {(int)response.StatusCode}: {Truncate(body)}");
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxBody)
        {
            throw new InvalidOperationException($"{url}: response larger than {MaxBody} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(stream, default, ct);
    }

    private static JsonElement? Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Object ? p : null;

    private static List<JsonElement> Arr(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array ? [.. p.EnumerateArray()] : [];

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static long Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v) ? v : 0;

    private static bool Bool(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.True;

    // Go's time.Duration.String(): "1.234ms", "250µs", "1m2.5s", "0s"; anything else reads as zero.
    internal static TimeSpan ParseGoDuration(string? text) =>
        DurationText.TryParse(text, DurationSyntax.Go, out var value) ? value : TimeSpan.Zero;

    // /varz uptime: "4s", "1d2h3m4s", "1y2d3h4m5s": nats-server's own format, which Prometheus syntax reads.
    private static TimeSpan ParseUptime(string? text) =>
        DurationText.TryParse(text, DurationSyntax.Prometheus, out var value) ? value : TimeSpan.Zero;

    private static string Truncate(string s) => s.Length > 200 ? s[..200] : s;
}
