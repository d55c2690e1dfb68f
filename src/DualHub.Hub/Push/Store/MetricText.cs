using System.Text;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>The compact protobuf text of a metric, as the Pushgateway's error messages show it.</summary>
internal static class MetricText
{
    public static string Describe(string name, MetricType type, Metric m) =>
        $"collected metric \"{name}\" {{ {Body(type, m)}}}";

    private static string Body(MetricType type, Metric m)
    {
        var sb = new StringBuilder();
        foreach (var l in m.Labels)
        {
            sb.Append("label:<name:").Append(Quote(l.Name)).Append(" value:").Append(Quote(l.Value)).Append(" > ");
        }

        switch (type)
        {
            case MetricType.Counter:
                sb.Append("counter:<value:").Append(F(m.Value)).Append(" > ");
                break;
            case MetricType.Gauge:
                sb.Append("gauge:<value:").Append(F(m.Value)).Append(" > ");
                break;
            case MetricType.Summary:
                sb.Append("summary:<sample_count:").Append(F(m.Count)).Append(" sample_sum:").Append(F(m.Sum)).Append(' ');
                foreach (var q in m.Quantiles)
                {
                    sb.Append("quantile:<quantile:").Append(F(q.Q)).Append(" value:").Append(F(q.Value)).Append(" > ");
                }

                sb.Append("> ");
                break;
            case MetricType.Histogram or MetricType.GaugeHistogram:
                sb.Append("histogram:<sample_count:").Append(F(m.Count)).Append(" sample_sum:").Append(F(m.Sum)).Append(' ');
                foreach (var b in m.Buckets)
                {
                    sb.Append("bucket:<cumulative_count:").Append(F(b.CumulativeCount)).Append(" upper_bound:").Append(F(b.UpperBound)).Append(" > ");
                }

                sb.Append("> ");
                break;
            default:
                sb.Append("untyped:<value:").Append(F(m.Value)).Append(" > ");
                break;
        }

        return sb.ToString();
    }

    private static string F(double v) => double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf" : double.IsNaN(v) ? "nan" : GoFloat.FormatG(v);

    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
