using System.Text.Json;

namespace DualHub.Cli.Checkpoints;

/// <summary>An instant query against CentralHub's <c>/api/v1/query</c>: each series' label set, newest timestamp and value.</summary>
internal static class CentralQuery
{
    public static async Task<IReadOnlyList<(Dictionary<string, string> Metric, double TimestampSeconds, string Value)>> RunAsync(HttpClient http, Uri central, string query, CancellationToken ct)
    {
        var result = new List<(Dictionary<string, string>, double, string)>();
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(2));
            await using var body = await http.GetStreamAsync(new Uri(central, "/api/v1/query?query=" + Uri.EscapeDataString(query)), cts.Token);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cts.Token);
            foreach (var r in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
            {
                var metric = r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
                var value = r.GetProperty("value");
                result.Add((metric, value[0].GetDouble(), value[1].GetString() ?? string.Empty));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                      || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Not answering (stopped, starting) reads as no result.
        }

        return result;
    }
}
