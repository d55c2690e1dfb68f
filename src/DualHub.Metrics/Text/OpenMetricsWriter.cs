using System.Buffers;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// Writes OpenMetrics 1.0 text as Go expfmt's <c>MetricFamilyToOpenMetrics</c> does for the types it
/// knows (counter <c>_total</c> handling, <c>1.0</c>-style floats, integer counts, timestamps in
/// seconds), plus UNIT, <c>_created</c>, info, stateset and gaugehistogram, and the final <c># EOF</c>.
/// </summary>
public static class OpenMetricsWriter
{
    /// <summary>The content type of this format.</summary>
    public const string ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>
    /// Writes <paramref name="families"/> in the given order followed by <c># EOF</c>. A counter
    /// named <c>x_total</c> is written as family <c>x</c> with samples <c>x_total</c>; a counter whose
    /// name lacks <c>_total</c> is written as type unknown (as expfmt does). Families without metrics are skipped.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(families);
        var o = new Utf8Output(output);
        foreach (var family in families)
        {
            WriteFamily(ref o, family);
        }

        o.Raw("# EOF\n"u8);
        o.Flush();
    }

    private static void WriteFamily(ref Utf8Output o, MetricFamily family)
    {
        if (family.Metrics.Count == 0)
        {
            return;
        }

        var name = family.Name;
        var isTotalCounter = family.Type == MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal);
        var shortName = isTotalCounter ? name[..^6] : name;
        if (family.Help.Length > 0)
        {
            o.Raw("# HELP "u8);
            o.String(shortName);
            o.Byte((byte)' ');
            o.Escaped(family.Help, quoted: true);
            o.Byte((byte)'\n');
        }

        o.Raw("# TYPE "u8);
        o.String(shortName);
        o.Raw(family.Type switch
        {
            MetricType.Counter => isTotalCounter ? " counter\n"u8 : " unknown\n"u8,
            MetricType.Gauge => " gauge\n"u8,
            MetricType.Summary => " summary\n"u8,
            MetricType.Histogram => " histogram\n"u8,
            MetricType.GaugeHistogram => " gaugehistogram\n"u8,
            MetricType.Info => " info\n"u8,
            MetricType.StateSet => " stateset\n"u8,
            _ => " unknown\n"u8,
        });
        if (family.Unit.Length > 0)
        {
            o.Raw("# UNIT "u8);
            o.String(shortName);
            o.Byte((byte)' ');
            o.Escaped(family.Unit, quoted: true);
            o.Byte((byte)'\n');
        }

        foreach (var metric in family.Metrics)
        {
            switch (family.Type)
            {
                case MetricType.Counter:
                    Sample(ref o, name, ""u8, metric, default, 0, metric.Value, isCount: false);
                    Created(ref o, shortName, metric, isTotalCounter);
                    break;
                case MetricType.Summary:
                    foreach (var q in metric.Quantiles)
                    {
                        Sample(ref o, name, ""u8, metric, "quantile"u8, q.Q, q.Value, isCount: false);
                    }

                    Sample(ref o, name, "_sum"u8, metric, default, 0, metric.Sum, isCount: false);
                    Sample(ref o, name, "_count"u8, metric, default, 0, metric.Count, isCount: true);
                    Created(ref o, name, metric, true);
                    break;
                case MetricType.Histogram:
                case MetricType.GaugeHistogram:
                    var gauge = family.Type == MetricType.GaugeHistogram;
                    var infSeen = false;
                    foreach (var b in metric.Buckets)
                    {
                        Sample(ref o, name, "_bucket"u8, metric, "le"u8, b.UpperBound, b.CumulativeCount, isCount: true);
                        infSeen |= double.IsPositiveInfinity(b.UpperBound);
                    }

                    if (!infSeen)
                    {
                        Sample(ref o, name, "_bucket"u8, metric, "le"u8, double.PositiveInfinity, metric.Count, isCount: true);
                    }

                    Sample(ref o, name, gauge ? "_gsum"u8 : "_sum"u8, metric, default, 0, metric.Sum, isCount: false);
                    Sample(ref o, name, gauge ? "_gcount"u8 : "_count"u8, metric, default, 0, metric.Count, isCount: true);
                    Created(ref o, name, metric, !gauge);
                    break;
                case MetricType.Info:
                    Sample(ref o, name, "_info"u8, metric, default, 0, metric.Value, isCount: false);
                    break;
                default:
                    Sample(ref o, name, ""u8, metric, default, 0, metric.Value, isCount: false);
                    break;
            }
        }
    }

    private static void Created(ref Utf8Output o, string baseName, Metric metric, bool allowed)
    {
        if (!allowed || metric.Created is not { } created)
        {
            return;
        }

        Sample(ref o, baseName, "_created"u8, metric, default, 0, created, isCount: false);
    }

    private static void Sample(
        ref Utf8Output o,
        string name,
        ReadOnlySpan<byte> suffix,
        Metric metric,
        ReadOnlySpan<byte> extraLabel,
        double extraValue,
        double value,
        bool isCount)
    {
        o.String(name);
        o.Raw(suffix);
        o.LabelPairs(metric.Labels, extraLabel, extraValue, openMetrics: true);

        o.Byte((byte)' ');
        if (isCount)
        {
            o.Count(value);
        }
        else
        {
            o.Double(value, openMetrics: true);
        }

        if (metric.TimestampMs is { } ts)
        {
            o.Byte((byte)' ');
            o.Double(ts / 1000.0, openMetrics: true);
        }

        o.Byte((byte)'\n');
    }
}
