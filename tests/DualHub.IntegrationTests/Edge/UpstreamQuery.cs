using System.Globalization;
using System.Text.Json;

namespace DualHub.IntegrationTests.Edge;

/// <summary>Reads samples back through an upstream's own query API (Prometheus or VictoriaMetrics).</summary>
internal static class UpstreamQuery
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Instant query; the result's (labels, value) pairs.</summary>
    public static async Task<List<(Dictionary<string, string> Labels, double Value)>> InstantAsync(string baseUrl, string query)
    {
        using var doc = await GetJsonAsync($"{baseUrl}/api/v1/query?query={Uri.EscapeDataString(query)}");
        var result = new List<(Dictionary<string, string>, double)>();
        foreach (var r in doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            var value = double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            result.Add((labels, value));
        }

        return result;
    }

    /// <summary>Every raw sample (timestamp ms, value) of one series in the last hour, via a range-vector selector.</summary>
    public static async Task<List<(long TimestampMs, double Value)>> RawAsync(string baseUrl, string selector)
    {
        using var doc = await GetJsonAsync($"{baseUrl}/api/v1/query?query={Uri.EscapeDataString(selector + "[1h]")}");
        var results = doc.RootElement.GetProperty("data").GetProperty("result");
        if (results.GetArrayLength() == 0)
        {
            return [];
        }

        return results[0].GetProperty("values").EnumerateArray()
            .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), double.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>VictoriaMetrics /api/v1/export: every raw sample of the matching series.</summary>
    public static async Task<List<(long TimestampMs, double Value)>> VmExportAsync(string baseUrl, string match)
    {
        using var r = await Http.GetAsync(new Uri($"{baseUrl}/api/v1/export?match[]={Uri.EscapeDataString(match)}"));
        r.EnsureSuccessStatusCode();
        var text = await r.Content.ReadAsStringAsync();
        var result = new List<(long, double)>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var ts = doc.RootElement.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToList();
            result.AddRange(ts.Zip(values));
        }

        return result;
    }

    /// <summary>Asserts the counter values are exactly 1..n, each once, in timestamp order; returns n.</summary>
    public static int AssertConsecutiveOnce(List<(long TimestampMs, double Value)> samples)
    {
        var ordered = samples.OrderBy(s => s.TimestampMs).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Value != i + 1)
            {
                throw new Xunit.Sdk.XunitException($"sample {i} has value {ordered[i].Value}, expected {i + 1} (values: {string.Join(",", ordered.Select(s => s.Value))})");
            }
        }

        return ordered.Count;
    }

    private static async Task<JsonDocument> GetJsonAsync(string url)
    {
        using var r = await Http.GetAsync(new Uri(url));
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{url}: HTTP {(int)r.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body);
    }
}
