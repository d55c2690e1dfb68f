using System.Buffers;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// Writes the text exposition format 0.0.4 byte for byte as Go expfmt's <c>MetricFamilyToText</c>
/// (client_golang, Pushgateway) does: HELP only when non-empty, then TYPE, then the samples in model order.
/// </summary>
public static class TextWriter004
{
    /// <summary>The content type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Writes <paramref name="families"/> in the given order. Families without metrics are skipped.
    /// Types text 0.0.4 lacks are mapped: gauge histogram as histogram; info as a gauge named
    /// <c>&lt;name&gt;_info</c>; stateset as a gauge.
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

        o.Flush();
    }

    private static void WriteFamily(ref Utf8Output o, MetricFamily family)
    {
        if (family.Metrics.Count == 0)
        {
            return;
        }

        var name = family.Type == MetricType.Info ? family.Name + "_info" : family.Name;
        if (family.Help.Length > 0)
        {
            o.Raw("# HELP "u8);
            o.String(name);
            o.Byte((byte)' ');
            o.Escaped(family.Help, quoted: false);
            o.Byte((byte)'\n');
        }

        o.Raw("# TYPE "u8);
        o.String(name);
        o.Raw(family.Type switch
        {
            MetricType.Counter => " counter\n"u8,
            MetricType.Gauge or MetricType.Info or MetricType.StateSet => " gauge\n"u8,
            MetricType.Summary => " summary\n"u8,
            MetricType.Histogram or MetricType.GaugeHistogram => " histogram\n"u8,
            _ => " untyped\n"u8,
        });

        foreach (var metric in family.Metrics)
        {
            switch (family.Type)
            {
                case MetricType.Summary:
                    foreach (var q in metric.Quantiles)
                    {
                        Sample(ref o, name, ""u8, metric, "quantile"u8, q.Q, q.Value);
                    }

                    Sample(ref o, name, "_sum"u8, metric, default, 0, metric.Sum);
                    Sample(ref o, name, "_count"u8, metric, default, 0, metric.Count);
                    break;
                case MetricType.Histogram:
                case MetricType.GaugeHistogram:
                    var infSeen = false;
                    foreach (var b in metric.Buckets)
                    {
                        Sample(ref o, name, "_bucket"u8, metric, "le"u8, b.UpperBound, b.CumulativeCount);
                        infSeen |= double.IsPositiveInfinity(b.UpperBound);
                    }

                    if (!infSeen)
                    {
                        Sample(ref o, name, "_bucket"u8, metric, "le"u8, double.PositiveInfinity, metric.Count);
                    }

                    Sample(ref o, name, "_sum"u8, metric, default, 0, metric.Sum);
                    Sample(ref o, name, "_count"u8, metric, default, 0, metric.Count);
                    break;
                default:
                    Sample(ref o, name, ""u8, metric, default, 0, metric.Value);
                    break;
            }
        }
    }

    private static void Sample(
        ref Utf8Output o,
        string name,
        ReadOnlySpan<byte> suffix,
        Metric metric,
        ReadOnlySpan<byte> extraLabel,
        double extraValue,
        double value)
    {
        o.String(name);
        o.Raw(suffix);
        o.LabelPairs(metric.Labels, extraLabel, extraValue, openMetrics: false);

        o.Byte((byte)' ');
        o.Double(value);
        if (metric.TimestampMs is { } ts)
        {
            o.Byte((byte)' ');
            o.Int64(ts);
        }

        o.Byte((byte)'\n');
    }
}
