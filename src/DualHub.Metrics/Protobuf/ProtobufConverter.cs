using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;
using Google.Protobuf.WellKnownTypes;
using Wire = DualHub.Metrics.Protobuf.Generated;

namespace DualHub.Metrics.Protobuf;

/// <summary>Maps between the generated client_model messages and the model.</summary>
internal static class ProtobufConverter
{
    public static MetricFamily ToModel(Wire.MetricFamily message, int messageNumber)
    {
        if (!LabelNames.IsValidMetricName(message.Name))
        {
            throw new MetricsParseException($"protobuf message {messageNumber}: invalid metric name {GoQuote.Quote(message.Name)}");
        }

        var type = message.Type switch
        {
            Wire.MetricType.Counter => MetricType.Counter,
            Wire.MetricType.Gauge => MetricType.Gauge,
            Wire.MetricType.Summary => MetricType.Summary,
            Wire.MetricType.Histogram => MetricType.Histogram,
            Wire.MetricType.GaugeHistogram => MetricType.GaugeHistogram,
            Wire.MetricType.Untyped => MetricType.Untyped,
            _ => throw new MetricsParseException($"protobuf message {messageNumber}: unknown metric type {(int)message.Type} for {message.Name}"),
        };
        var family = new MetricFamily(message.Name, type) { Help = message.Help, Unit = message.Unit };
        foreach (var m in message.Metric)
        {
            family.Metrics.Add(ToModel(m, family, messageNumber));
        }

        return family;
    }

    public static Wire.MetricFamily FromModel(MetricFamily family)
    {
        var isInfo = family.Type == MetricType.Info;
        var message = new Wire.MetricFamily
        {
            Name = isInfo ? family.Name + "_info" : family.Name,
            Type = family.Type switch
            {
                MetricType.Counter => Wire.MetricType.Counter,
                MetricType.Gauge or MetricType.Info or MetricType.StateSet => Wire.MetricType.Gauge,
                MetricType.Summary => Wire.MetricType.Summary,
                MetricType.Histogram => Wire.MetricType.Histogram,
                MetricType.GaugeHistogram => Wire.MetricType.GaugeHistogram,
                _ => Wire.MetricType.Untyped,
            },
        };
        if (family.Help.Length > 0)
        {
            message.Help = family.Help;
        }

        if (family.Unit.Length > 0)
        {
            message.Unit = family.Unit;
        }

        foreach (var metric in family.Metrics)
        {
            message.Metric.Add(FromModel(metric, message.Type));
        }

        return message;
    }

    private static Metric ToModel(Wire.Metric m, MetricFamily family, int messageNumber)
    {
        var labels = new Label[m.Label.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            var pair = m.Label[i];
            if (!LabelNames.IsValidLabelName(pair.Name))
            {
                throw new MetricsParseException($"protobuf message {messageNumber}: invalid label name {GoQuote.Quote(pair.Name)} in metric {family.Name}");
            }

            labels[i] = new Label(pair.Name, pair.Value);
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < labels.Length; i++)
        {
            if (labels[i].Name == labels[i - 1].Name)
            {
                throw new MetricsParseException($"protobuf message {messageNumber}: duplicate label name {GoQuote.Quote(labels[i].Name)} in metric {family.Name}");
            }
        }

        var metric = new Metric { Labels = labels, TimestampMs = m.HasTimestampMs ? m.TimestampMs : null };
        switch (family.Type)
        {
            case MetricType.Counter:
                var counter = m.Counter ?? throw Missing("counter");
                metric.Value = counter.Value;
                metric.Created = Seconds(counter.CreatedTimestamp);
                break;
            case MetricType.Gauge:
                metric.Value = (m.Gauge ?? throw Missing("gauge")).Value;
                break;
            case MetricType.Untyped:
                metric.Value = (m.Untyped ?? throw Missing("untyped")).Value;
                break;
            case MetricType.Summary:
                var summary = m.Summary ?? throw Missing("summary");
                metric.Count = summary.SampleCount;
                metric.Sum = summary.SampleSum;
                metric.Quantiles = [.. summary.Quantile.Select(static q => new Quantile(q.Quantile_, q.Value))];
                metric.Created = Seconds(summary.CreatedTimestamp);
                break;
            default:
                var histogram = m.Histogram ?? throw Missing("histogram");
                metric.Count = histogram.SampleCountFloat > 0 ? histogram.SampleCountFloat : histogram.SampleCount;
                metric.Sum = histogram.SampleSum;
                metric.Buckets = [.. histogram.Bucket.Select(static b => new Bucket(b.UpperBound, b.CumulativeCountFloat > 0 ? b.CumulativeCountFloat : b.CumulativeCount))];
                metric.Created = Seconds(histogram.CreatedTimestamp);
                break;
        }

        return metric;

        MetricsParseException Missing(string field) =>
            new($"protobuf message {messageNumber}: expected {field} in metric {family.Name} of type {family.Type.ToString().ToUpperInvariant()}");
    }

    private static Wire.Metric FromModel(Metric metric, Wire.MetricType type)
    {
        var m = new Wire.Metric();
        foreach (var label in metric.Labels)
        {
            m.Label.Add(new Wire.LabelPair { Name = label.Name, Value = label.Value });
        }

        if (metric.TimestampMs is { } ts)
        {
            m.TimestampMs = ts;
        }

        switch (type)
        {
            case Wire.MetricType.Counter:
                m.Counter = new Wire.Counter { Value = metric.Value, CreatedTimestamp = Timestamp(metric.Created) };
                break;
            case Wire.MetricType.Gauge:
                m.Gauge = new Wire.Gauge { Value = metric.Value };
                break;
            case Wire.MetricType.Untyped:
                m.Untyped = new Wire.Untyped { Value = metric.Value };
                break;
            case Wire.MetricType.Summary:
                var summary = new Wire.Summary { SampleCount = ToUInt64(metric.Count), SampleSum = metric.Sum, CreatedTimestamp = Timestamp(metric.Created) };
                foreach (var q in metric.Quantiles)
                {
                    summary.Quantile.Add(new Wire.Quantile { Quantile_ = q.Q, Value = q.Value });
                }

                m.Summary = summary;
                break;
            default:
                var histogram = new Wire.Histogram { SampleSum = metric.Sum, CreatedTimestamp = Timestamp(metric.Created) };
                SetCount(metric.Count, v => histogram.SampleCount = v, v => histogram.SampleCountFloat = v);
                foreach (var b in metric.Buckets)
                {
                    var bucket = new Wire.Bucket { UpperBound = b.UpperBound };
                    SetCount(b.CumulativeCount, v => bucket.CumulativeCount = v, v => bucket.CumulativeCountFloat = v);
                    histogram.Bucket.Add(bucket);
                }

                m.Histogram = histogram;
                break;
        }

        return m;
    }

    // Integral counts go to the uint64 field every reader knows; others to the float field.
    private static void SetCount(double count, Action<ulong> setInteger, Action<double> setFloat)
    {
        if (IsUInt64(count))
        {
            setInteger((ulong)count);
        }
        else
        {
            setFloat(count);
        }
    }

    private static bool IsUInt64(double value) => value >= 0 && value < 18446744073709551616.0 && Math.Floor(value) == value;

    private static ulong ToUInt64(double value) => IsUInt64(value) ? (ulong)value : 0;

    private static double? Seconds(Timestamp? ts) => ts is null ? null : ts.Seconds + (ts.Nanos / 1e9);

    private static Timestamp? Timestamp(double? seconds)
    {
        if (seconds is not { } s || !double.IsFinite(s) || Math.Abs(s) > 253402300799)
        {
            return null;
        }

        var whole = Math.Floor(s);
        var nanos = (int)Math.Round((s - whole) * 1e9);
        if (nanos >= 1_000_000_000)
        {
            whole++;
            nanos -= 1_000_000_000;
        }

        return new Timestamp { Seconds = (long)whole, Nanos = nanos };
    }
}
