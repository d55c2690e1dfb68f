using System.Globalization;
using System.Net;
using System.Text;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// The plan's "Hub Response Time &lt; 200 ms (target &lt; 100 ms)": <paramref name="requests"/> Pushgateway-API PUTs to each
/// hub (already warm: the push round trip ran first), timed from request to answer. Passes on the slowest hub's median;
/// p99 and max are reported (one slow fsync on a busy disk is a figure, not a verdict).
/// </summary>
internal sealed class HubResponseTimeCheck(IReadOnlyList<(string Name, Uri BaseUrl)> hubs, HttpClient http, TimeProvider time, int requests) : ICheck
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(200);

    public string Name => "hub response time";

    public string Id => CheckIds.HubResponseTime;

    public string Target => string.Create(CultureInfo.InvariantCulture, $"median PUT answer under {Limit.TotalMilliseconds:0} ms on every hub (plan: < 200 ms, target < 100 ms)");

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var all = new List<TimeSpan>();
        var perHub = new List<string>();
        var worstMedian = TimeSpan.Zero;
        foreach (var (name, baseUrl) in hubs)
        {
            var group = new Uri(baseUrl, $"/metrics/job/dualhub_check/instance/{name}-latency");
            var times = new List<TimeSpan>();
            try
            {
                for (var i = 0; i < requests; i++)
                {
                    using var body = new StringContent($"# TYPE dualhub_check_latency gauge\ndualhub_check_latency {i.ToString(CultureInfo.InvariantCulture)}\n", Encoding.UTF8, "text/plain");
                    var start = time.GetTimestamp();
                    using var put = await http.PutAsync(group, body, ct);
                    times.Add(time.GetElapsedTime(start));
                    if (put.StatusCode != HttpStatusCode.OK)
                    {
                        return new CheckResult(Name, false, $"PUT {group} answered {(int)put.StatusCode}");
                    }
                }
            }
            finally
            {
                using var delete = await http.DeleteAsync(group, CancellationToken.None);
            }

            times.Sort();
            var median = times[times.Count / 2];
            worstMedian = median > worstMedian ? median : worstMedian;
            all.AddRange(times);
            perHub.Add(string.Create(CultureInfo.InvariantCulture, $"{name} p50 {median.TotalMilliseconds:0.0} ms, max {times[^1].TotalMilliseconds:0.0} ms"));
        }

        all.Sort();
        var p99 = all[Math.Min(all.Count - 1, (int)Math.Ceiling(all.Count * 0.99) - 1)];
        return new CheckResult(Name, worstMedian < Limit, string.Create(CultureInfo.InvariantCulture,
            $"{requests} PUTs per hub: {string.Join("; ", perHub)}; all {all.Count}: p99 {p99.TotalMilliseconds:0.0} ms"))
        {
            Values = [Measurement.Ms("p50_worst_hub", worstMedian), Measurement.Ms("p99", p99), Measurement.Ms("max", all[^1])],
        };
    }
}
