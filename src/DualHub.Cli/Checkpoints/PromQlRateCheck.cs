using System.Globalization;
using System.Text;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// PromQL through CentralHub: a counter pushed to a Pushgateway at a known rate (its value follows the clock, so push
/// jitter does not change the rate), scraped by EdgeHub and forwarded to CentralHub and its store. <c>rate()</c> over a
/// window inside the push period, asked at CentralHub's <c>/api/v1/query</c>, must be within <paramref name="tolerance"/>.
/// </summary>
internal sealed class PromQlRateCheck(Uri pushgateway, Uri central, HttpClient http, TimeProvider time, double perSecond, double tolerance) : ICheck
{
    private const string Metric = "dualhub_promql_probe_total";
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    // The window ends this long before the query so that the samples in it have reached the store.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public string Name => "promql rate() at central";

    public string Id => CheckIds.PromQlRate;

    public string Target => string.Create(CultureInfo.InvariantCulture, $"rate() within {tolerance:P0} of the pushed {perSecond:0.##}/s");

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var run = Random.Shared.Next(1, int.MaxValue).ToString("x", CultureInfo.InvariantCulture);
        var group = new Uri(pushgateway, $"/metrics/job/dualhub_promql_probe/run/{run}");
        var query = string.Create(CultureInfo.InvariantCulture, $"max(rate({Metric}{{run=\"{run}\"}}[{Window.TotalSeconds:0}s] offset {Settle.TotalSeconds:0}s))");
        var start = time.GetTimestamp();
        var askFrom = Window + Settle + TimeSpan.FromSeconds(2);
        var giveUp = askFrom + TimeSpan.FromSeconds(10);
        try
        {
            while (true)
            {
                var elapsed = time.GetElapsedTime(start);
                var value = Math.Floor(elapsed.TotalSeconds * perSecond).ToString(CultureInfo.InvariantCulture);
                using var body = new StringContent($"# TYPE {Metric} counter\n{Metric} {value}\n", Encoding.UTF8, "text/plain");
                using var put = await http.PutAsync(group, body, ct);
                if (!put.IsSuccessStatusCode)
                {
                    return new CheckResult(Name, false, $"PUT {group} answered {(int)put.StatusCode}");
                }

                if (elapsed >= askFrom)
                {
                    var result = await CentralQuery.RunAsync(http, central, query, time, ct);
                    if (result.Count > 0 && double.TryParse(result[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
                    {
                        var error = Math.Abs(rate - perSecond) / perSecond;
                        return new CheckResult(Name, error <= tolerance, string.Create(
                            CultureInfo.InvariantCulture,
                            $"pushed {perSecond:0.##}/s to {pushgateway.Authority}; {query} = {rate:0.###} at central, off by {error:P1} (limit {tolerance:P0}); asked after {elapsed.TotalSeconds:0.0} s"))
                        {
                            Values = [new Measurement("rate", rate, "per_second"), new Measurement("error", Math.Round(error * 100, 2), "%"), Measurement.Ms("elapsed", elapsed)],
                        };
                    }

                    if (elapsed > giveUp)
                    {
                        return new CheckResult(Name, false, $"{query} returned nothing at central after {elapsed.TotalSeconds:0} s of pushes");
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
            }
        }
        finally
        {
            using var delete = await http.DeleteAsync(group, CancellationToken.None);
        }
    }
}
