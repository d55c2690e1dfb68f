using System.Globalization;
using System.Text.Json;
using DualHub.Hub.Query;
using DualHub.Hub.WebConsole.Deployment;

namespace DualHub.Hub.WebConsole.History;

/// <summary>
/// The console's last hour from the long-term store (<c>query.url</c>), so a restarted hub still shows it: one
/// <c>query_range</c> per chart series family through the hub's <see cref="QueryProxy"/>, on the ring's 10 s step. The
/// NATS round trip (measured by this hub, not stored) and the failover markers come from the in-memory ring. When the
/// store does not answer or holds none of those series, the ring is served instead (source <c>memory</c>, with the reason) and the store is not asked
/// again for <see cref="RetryAfter"/>. An answer is reused for <see cref="MaxAge"/>, and one load runs at a time.
/// </summary>
internal sealed class StoreHistory(ConsoleHistory ring, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Longest the whole load may take; the page's script asks again on its next poll.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public const int MaxSeriesPerQuery = 20;

    private const long Window = 3600;

    // The hub's own expressions, never built from a request. Pushed dualhub_push_sequence is told from scraped copies
    // (an agent's health port, a Pushgateway) by its instance: an agent's node name, never a target's host:port.
    private static readonly (string Prefix, string Query, Func<JsonElement, string> Name)[] Queries =
    [
        ("lag/", "max by (hub, upstream) (dualhub_remote_write_lag_seconds)", m => AtHub(m, Label(m, "upstream"))),
        ("backlog/", "max by (hub, upstream) (dualhub_remote_write_pending_samples)", m => AtHub(m, Label(m, "upstream"))),
        ("lag/", "max by (hub, node) (dualhub_nats_publish_lag_seconds)", m => AtHub(m, "nats " + Label(m, "node"))),
        ("backlog/", "max by (hub, node) (dualhub_nats_publish_pending_samples)", m => AtHub(m, "nats " + Label(m, "node"))),
        ("push_rate/", "sum by (job, instance) (rate(dualhub_push_sequence{instance!~\".+:[0-9]+\"}[1m]))", m => Label(m, "job") + "/" + Label(m, "instance")),
    ];

    private readonly Lock _gate = new();
    private StoreHistoryLoad? _last;
    private Task<StoreHistoryLoad>? _loading;

    /// <summary>Writes the last hour: from the store when it answers (or answered within <see cref="MaxAge"/>), else from the ring.</summary>
    public async Task WriteJsonAsync(Utf8JsonWriter w, QueryProxy store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(store);
        Task<StoreHistoryLoad> loading;
        lock (_gate)
        {
            var fresh = _last is { } l && time.GetUtcNow() - l.At < (l.Error is null ? MaxAge : RetryAfter);
            loading = fresh ? Task.FromResult(_last!) : _loading ??= Task.Run(() => LoadAsync(store), CancellationToken.None);
        }

        var loaded = await loading.WaitAsync(ct);
        if (loaded.Error is not null)
        {
            ring.WriteJson(w, loaded.Error);
            return;
        }

        var series = new Dictionary<string, double[]>(loaded.Series, StringComparer.Ordinal);
        foreach (var (name, values) in ring.OnGrid("nats_rtt/", loaded.Times, (long)ConsoleHistory.Interval.TotalSeconds))
        {
            series[name] = values;
        }

        HistoryJson.Write(w, HistoryJson.Store, null, ConsoleHistory.Interval.TotalSeconds, loaded.Times, series, ring.Markers());
    }

    private async Task<StoreHistoryLoad> LoadAsync(QueryProxy store)
    {
        try
        {
            var loaded = await QueryAllAsync(store);
            lock (_gate)
            {
                _last = loaded;
            }

            return loaded;
        }
        finally
        {
            lock (_gate)
            {
                _loading = null;
            }
        }
    }

    private async Task<StoreHistoryLoad> QueryAllAsync(QueryProxy store)
    {
        var now = time.GetUtcNow();
        var step = (long)ConsoleHistory.Interval.TotalSeconds;
        var end = now.ToUnixTimeSeconds() / step * step;
        var start = end - Window;
        var times = new long[(Window / step) + 1];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = start + (i * step);
        }

        var series = new Dictionary<string, double[]>(StringComparer.Ordinal);
        using var deadline = new CancellationTokenSource(Timeout, time);
        foreach (var (prefix, query, name) in Queries)
        {
            var (body, error) = await store.QueryRangeAsync(query, start, end, step, Timeout, deadline.Token);
            if (body is null)
            {
                return new StoreHistoryLoad(now, times, series, error ?? "no answer");
            }

            if (Matrix(body, prefix, name, start, step, times.Length, series) is { } bad)
            {
                return new StoreHistoryLoad(now, times, series, $"store {store.Store}: {bad}");
            }
        }

        // A store that holds none of them (its hubs' self-scrapes not configured, or just started) would show nothing.
        return new StoreHistoryLoad(now, times, series, series.Count == 0 ? $"store {store.Store} holds none of the charted series" : null);
    }

    /// <summary>Adds a <c>query_range</c> answer's series to <paramref name="series"/>; the reason when it is not a matrix.</summary>
    private static string? Matrix(byte[] body, string prefix, Func<JsonElement, string> name, long start, long step, int points, Dictionary<string, double[]> series)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("data", out var data) || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                return "query_range answer without data.result";
            }

            foreach (var s in result.EnumerateArray().Take(MaxSeriesPerQuery))
            {
                var values = new double[points];
                Array.Fill(values, double.NaN);
                if (s.TryGetProperty("values", out var pairs) && pairs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in pairs.EnumerateArray())
                    {
                        var i = (long)Math.Round((p[0].GetDouble() - start) / step);
                        if (i >= 0 && i < points && double.TryParse(p[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                        {
                            values[i] = v;
                        }
                    }
                }

                series[prefix + name(s.TryGetProperty("metric", out var m) ? m : default)] = values;
            }

            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            return "query_range answer not understood: " + ex.Message;
        }
    }

    private static string Label(JsonElement metric, string name) => metric.Str(name) ?? string.Empty;

    private static string AtHub(JsonElement metric, string name) => Label(metric, "hub") is { Length: > 0 } hub ? $"{name} ({hub})" : name;
}
