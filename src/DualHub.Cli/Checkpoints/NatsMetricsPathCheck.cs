using System.Globalization;
using System.Text.RegularExpressions;

namespace DualHub.Cli.Checkpoints;

/// <summary>EdgeHub's journal reaches CentralHub over NATS: EdgeHub has published samples and CentralHub has consumed some.</summary>
internal sealed partial class NatsMetricsPathCheck(Uri edge, Uri central, HttpClient http, TimeProvider time) : ICheck
{
    public string Name => "metrics edge -> central over NATS";

    public string Id => CheckIds.NatsMetricsPath;

    public string Target => "edge publishes and central consumes samples within 30 s";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var start = time.GetTimestamp();
        double published = 0, consumed = 0;
        while (time.GetElapsedTime(start) < TimeSpan.FromSeconds(30))
        {
            published = Read(await http.GetStringAsync(new Uri(edge, "/metrics"), ct), "dualhub_nats_published_samples_total");
            consumed = Read(await http.GetStringAsync(new Uri(central, "/metrics"), ct), "dualhub_nats_consumed_samples_total");
            if (published > 0 && consumed > 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }

        var ok = published > 0 && consumed > 0;
        return new CheckResult(Name, ok, string.Create(CultureInfo.InvariantCulture,
            $"edge published {published:0} samples, central consumed {consumed:0} samples (after {time.GetElapsedTime(start).TotalMilliseconds:0} ms)"))
        {
            Values = [new Measurement("published", published, "samples"), new Measurement("consumed", consumed, "samples")],
        };
    }

    private static double Read(string exposition, string name)
    {
        var total = 0.0;
        foreach (Match m in Sample().Matches(exposition))
        {
            if (m.Groups["name"].Value == name && double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                total += v;
            }
        }

        return total;
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (?<value>\S+)$")]
    private static partial Regex Sample();
}
