using System.Globalization;
using System.Net;
using System.Text;

namespace DualHub.Cli.Checkpoints;

/// <summary>A Pushgateway-API push to a hub is served back on its <c>/metrics</c>; the probe group is deleted afterwards.</summary>
internal sealed class PushRoundTripCheck(string hubName, Uri baseUrl, HttpClient http, TimeProvider time) : ICheck
{
    public string Name => $"{hubName} push served back";

    public string Id => CheckIds.Of(CheckIds.PushRoundTrip, hubName);

    public string Target => "PUT 200, pushed series on /metrics, DELETE 202 (plan: hub response time < 200 ms, target < 100 ms)";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        // Below 1e6 so the exposition (Go float formatting) prints it as an integer.
        var value = Random.Shared.Next(1, 999_999).ToString(CultureInfo.InvariantCulture);
        var group = new Uri(baseUrl, $"/metrics/job/dualhub_check/instance/{hubName}");
        var start = time.GetTimestamp();
        using var body = new StringContent($"# TYPE dualhub_check_probe gauge\ndualhub_check_probe{{check=\"roundtrip\"}} {value}\n", Encoding.UTF8, "text/plain");
        using var put = await http.PutAsync(group, body, ct);
        if (put.StatusCode != HttpStatusCode.OK)
        {
            return new CheckResult(Name, false, $"PUT {group} answered {(int)put.StatusCode}: {await put.Content.ReadAsStringAsync(ct)}");
        }

        var pushMs = time.GetElapsedTime(start).TotalMilliseconds;
        var expected = $"dualhub_check_probe{{check=\"roundtrip\",instance=\"{hubName}\",job=\"dualhub_check\"}} {value}";
        var scrape = await http.GetStringAsync(new Uri(baseUrl, "/metrics"), ct);
        var totalMs = time.GetElapsedTime(start).TotalMilliseconds;
        var found = scrape.Contains(expected, StringComparison.Ordinal);
        using var delete = await http.DeleteAsync(group, ct);
        return new CheckResult(Name, found && delete.StatusCode == HttpStatusCode.Accepted, found
            ? string.Create(CultureInfo.InvariantCulture, $"PUT 200 in {pushMs:0.0} ms, on /metrics after {totalMs:0.0} ms, DELETE {(int)delete.StatusCode}")
            : $"pushed series not on /metrics (expected line: {expected})")
        {
            Values = [new Measurement("push", Math.Round(pushMs, 1), "ms"), new Measurement("roundtrip", Math.Round(totalMs, 1), "ms")],
        };
    }
}
