using System.Globalization;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// CentralHub scrapes both Pushgateways and EdgeHub PC2's (job <c>pushgateways</c> of each): an <c>up</c> series of every
/// Pushgateway is 1 on CentralHub.
/// The plan's "Pushgateways deployed and scraping operational".
/// </summary>
internal sealed class PushgatewaysScrapedCheck(Uri central, IReadOnlyList<Uri> pushgateways, HttpClient http, TimeProvider time) : ICheck
{
    private const string Query = "up{job=\"pushgateways\"}";

    public string Name => "pushgateways scraped";

    public string Id => CheckIds.PushgatewaysScraped;

    public string Target => "up{job=\"pushgateways\"} is 1 for every Pushgateway on central within 30 s";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var instances = pushgateways.Select(u => $"{u.Host}:{u.Port.ToString(CultureInfo.InvariantCulture)}").ToList();
        var start = time.GetTimestamp();
        var up = new HashSet<string>(StringComparer.Ordinal);
        while (time.GetElapsedTime(start) < TimeSpan.FromSeconds(30))
        {
            up = (await CentralQuery.RunAsync(http, central, Query, time, ct))
                .Where(r => r.Value == "1" && r.Metric.TryGetValue("instance", out var i) && instances.Contains(i))
                .Select(r => r.Metric["instance"]).ToHashSet(StringComparer.Ordinal);
            if (up.Count == instances.Count)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }

        var missing = instances.Where(i => !up.Contains(i)).ToList();
        return new CheckResult(Name, missing.Count == 0, missing.Count == 0
            ? $"{Query} = 1 on central for {string.Join(", ", instances)} (after {time.GetElapsedTime(start).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms)"
            : $"{Query} not 1 on central within 30 s for: {string.Join(", ", missing)}")
        {
            Values = [new Measurement("scraped_up", up.Count, "pushgateways"), new Measurement("pushgateways", instances.Count, "pushgateways")],
        };
    }
}
