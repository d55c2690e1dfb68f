using System.Globalization;
using System.Text;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Tests.Support;

/// <summary>A readable, exact text form of families, so a failed comparison shows what differs.</summary>
internal static class ModelDump
{
    public static string Dump(IEnumerable<MetricFamily> families)
    {
        var sb = new StringBuilder();
        foreach (var f in families)
        {
            sb.Append(CultureInfo.InvariantCulture, $"family {f.Name} {f.Type} help={Q(f.Help)} unit={Q(f.Unit)}\n");
            foreach (var m in f.Metrics)
            {
                sb.Append("  {").AppendJoin(',', m.Labels.Select(l => $"{l.Name}={Q(l.Value)}")).Append('}');
                sb.Append(CultureInfo.InvariantCulture, $" v={D(m.Value)} ts={m.TimestampMs} n={D(m.Count)} s={D(m.Sum)} c={(m.Created is { } c ? D(c) : "-")}");
                sb.Append(" q=[").AppendJoin(',', m.Quantiles.Select(q => $"{D(q.Q)}:{D(q.Value)}")).Append(']');
                sb.Append(" b=[").AppendJoin(',', m.Buckets.Select(b => $"{D(b.UpperBound)}:{D(b.CumulativeCount)}")).Append("]\n");
            }
        }

        return sb.ToString();
    }

    private static string Q(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    // Zero's sign is not kept by the text formats (Go writes both as "0").
    private static string D(double d) => d == 0 ? "0" : d.ToString("R", CultureInfo.InvariantCulture);
}
