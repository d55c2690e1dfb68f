using System.Text.Json;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Queries against CentralHub's <c>/api/v1/query</c>: an instant vector (each series' label set, newest timestamp and
/// value) or a range selector's raw samples.
/// </summary>
internal static class CentralQuery
{
    public static async Task<IReadOnlyList<(Dictionary<string, string> Metric, double TimestampSeconds, string Value)>> RunAsync(HttpClient http, Uri central, string query, TimeProvider time, CancellationToken ct)
    {
        var result = new List<(Dictionary<string, string>, double, string)>();
        await QueryAsync(http, central, query, TimeSpan.FromSeconds(2), time, r =>
        {
            var metric = r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
            var value = r.GetProperty("value");
            result.Add((metric, value[0].GetDouble(), value[1].GetString() ?? string.Empty));
        }, ct);
        return result;
    }

    /// <summary>
    /// Every raw sample (value as text) of a range selector such as <c>x{job="a"}[10m]</c>, over all its series; null
    /// when CentralHub or its store did not answer, so a caller can tell "nothing there" from "not known".
    /// </summary>
    public static async Task<IReadOnlyList<string>?> RawValuesAsync(HttpClient http, Uri central, string rangeSelector, TimeProvider time, CancellationToken ct)
    {
        var values = new List<string>();
        var answered = await QueryAsync(http, central, rangeSelector, TimeSpan.FromSeconds(10), time, r =>
        {
            foreach (var v in r.GetProperty("values").EnumerateArray())
            {
                values.Add(v[1].GetString() ?? string.Empty);
            }
        }, ct);
        return answered ? values : null;
    }

    private static async Task<bool> QueryAsync(HttpClient http, Uri central, string query, TimeSpan timeout, TimeProvider time, Action<JsonElement> each, CancellationToken ct)
    {
        try
        {
            using var deadline = new CancellationTokenSource(timeout, time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            await using var body = await http.GetStreamAsync(new Uri(central, "/api/v1/query?query=" + Uri.EscapeDataString(query)), cts.Token);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cts.Token);
            foreach (var r in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                each(r);
            }

            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                      || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Not answering (stopped, starting) reads as no result.
            return false;
        }
    }
}
