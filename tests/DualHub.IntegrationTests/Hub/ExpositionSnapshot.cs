using System.Text;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.IntegrationTests.Hub;

/// <summary>The pushed series of a <c>/metrics</c> page as comparable lines in page order, without each server's own families.</summary>
internal static class ExpositionSnapshot
{
    private static readonly string[] OwnPrefixes = ["go_", "process_", "pushgateway_", "dualhub_"];

    public static async Task<List<string>> PushedAsync(HttpClient http, string baseUrl)
    {
        var text = await http.GetByteArrayAsync(new Uri(baseUrl + "/metrics"));
        return Lines(TextParser.Parse(text));
    }

    public static List<string> Lines(IEnumerable<MetricFamily> families)
    {
        var lines = new List<string>();
        foreach (var f in families)
        {
            if (OwnPrefixes.Any(p => f.Name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            var timeGauge = f.Name is "push_time_seconds" or "push_failure_time_seconds";
            foreach (var m in f.Metrics)
            {
                var sb = new StringBuilder().Append(f.Name).Append(' ').Append(f.Type).Append(" help=").Append(f.Help).Append(" {");
                sb.AppendJoin(',', m.Labels.Select(l => $"{l.Name}=\"{l.Value}\""));
                sb.Append("} ");
                if (timeGauge)
                {
                    // Push times differ between servers; whether one is set does not.
                    sb.Append(m.Value == 0 ? "zero" : "set");
                }
                else
                {
                    sb.Append(m.Value).Append(" count=").Append(m.Count).Append(" sum=").Append(m.Sum);
                    sb.AppendJoin(',', m.Quantiles.Select(q => $"q{q.Q}={q.Value}"));
                    sb.AppendJoin(',', m.Buckets.Select(b => $"le{b.UpperBound}={b.CumulativeCount}"));
                }

                lines.Add(sb.ToString());
            }
        }

        return lines;
    }
}
