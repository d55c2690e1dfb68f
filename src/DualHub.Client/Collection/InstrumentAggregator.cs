using System.Buffers;
using System.Diagnostics.Metrics;
using System.Globalization;
using DualHub.Metrics.Model;

namespace DualHub.Client.Collection;

/// <summary>
/// Aggregates one instrument's measurements per tag set. The tag set of a measurement is looked up without
/// allocating (tags sorted by index into a stack buffer, span lookup into the series map); only a new series allocates.
/// </summary>
internal sealed class InstrumentAggregator
{
    /// <summary>Tag that scopes the SDK's own instruments to one agent instance; stripped from labels.</summary>
    public const string ScopeTag = "dualhub.agent";

    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
    private static readonly double[] SecondsBounds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Series>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Lock _lock = new();
    private readonly string? _scope;
    private readonly double[] _bounds;

    public InstrumentAggregator(Instrument instrument, string? scope)
    {
        _scope = scope;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        IsObservable = instrument.IsObservable;
        Kind = instrument switch
        {
            _ when IsGeneric(instrument, typeof(Counter<>)) => AggregationKind.SumCounter,
            _ when IsGeneric(instrument, typeof(UpDownCounter<>)) => AggregationKind.SumGauge,
            _ when IsGeneric(instrument, typeof(Histogram<>)) => AggregationKind.Histogram,
            _ when IsGeneric(instrument, typeof(ObservableCounter<>)) => AggregationKind.LastCounter,
            _ => AggregationKind.LastGauge,
        };
        var counter = Kind is AggregationKind.SumCounter or AggregationKind.LastCounter;
        Name = PrometheusNames.Metric(instrument, counter);
        Help = instrument.Description ?? string.Empty;
        _bounds = Kind == AggregationKind.Histogram ? BoundsOf(instrument) : [];
    }

    public string Name { get; }

    public string Help { get; }

    public AggregationKind Kind { get; }

    public bool IsObservable { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value) && Kind != AggregationKind.LastGauge)
        {
            return;
        }

        Span<int> order = tags.Length <= 16 ? stackalloc int[tags.Length] : new int[tags.Length];
        var n = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i].Key == ScopeTag)
            {
                if (_scope is not null && !string.Equals(tags[i].Value as string, _scope, StringComparison.Ordinal))
                {
                    return; // another agent instance's own metrics
                }

                continue;
            }

            // insertion sort by key: tag sets are small
            var j = n++;
            while (j > 0 && string.CompareOrdinal(tags[order[j - 1]].Key, tags[i].Key) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }

        char[]? rented = null;
        Span<char> buffer = stackalloc char[512];
        int length;
        while (!TryWriteKey(tags, order[..n], buffer, out length))
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            rented = ArrayPool<char>.Shared.Rent(buffer.Length * 4);
            buffer = rented;
        }

        lock (_lock)
        {
            if (!_lookup.TryGetValue(buffer[..length], out var series))
            {
                series = new Series(LabelsOf(tags, order[..n]), Kind == AggregationKind.Histogram ? _bounds.Length + 1 : 0);
                _series[buffer[..length].ToString()] = series;
            }

            Apply(series, value);
        }

        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Observable instruments report their whole state on each collection: forget what they said last time.</summary>
    public void BeginObservation()
    {
        if (IsObservable)
        {
            lock (_lock)
            {
                _series.Clear();
            }
        }
    }

    /// <summary>The family as it stands now; null when the instrument has no series yet.</summary>
    public MetricFamily? Snapshot()
    {
        lock (_lock)
        {
            if (_series.Count == 0)
            {
                return null;
            }

            var type = Kind switch
            {
                AggregationKind.SumCounter or AggregationKind.LastCounter => MetricType.Counter,
                AggregationKind.Histogram => MetricType.Histogram,
                _ => MetricType.Gauge,
            };
            var family = new MetricFamily(Name, type) { Help = Help };
            foreach (var s in _series.Values)
            {
                var m = new Metric { Labels = s.Labels, Value = s.Value };
                if (Kind == AggregationKind.Histogram)
                {
                    m.Sum = s.Value;
                    m.Count = s.Count;
                    var buckets = new Bucket[_bounds.Length + 1];
                    long cumulative = 0;
                    for (var i = 0; i < buckets.Length; i++)
                    {
                        cumulative += s.BucketCounts[i];
                        buckets[i] = new Bucket(i < _bounds.Length ? _bounds[i] : double.PositiveInfinity, cumulative);
                    }

                    m.Buckets = buckets;
                }

                family.Metrics.Add(m);
            }

            return family;
        }
    }

    private void Apply(Series s, double value)
    {
        switch (Kind)
        {
            case AggregationKind.SumCounter:
            case AggregationKind.SumGauge:
                s.Value += value;
                break;
            case AggregationKind.Histogram:
                s.Value += value;
                s.Count++;
                var i = 0;
                while (i < _bounds.Length && value > _bounds[i])
                {
                    i++;
                }

                s.BucketCounts[i]++;
                break;
            default:
                s.Value = value;
                break;
        }
    }

    private static bool TryWriteKey(ReadOnlySpan<KeyValuePair<string, object?>> tags, ReadOnlySpan<int> order, Span<char> dest, out int length)
    {
        length = 0;
        foreach (var i in order)
        {
            var key = tags[i].Key;
            if (!key.TryCopyTo(dest[length..]))
            {
                return false;
            }

            length += key.Length;
            if (length + 2 > dest.Length)
            {
                return false;
            }

            dest[length++] = '\u0001';
            int written;
            switch (tags[i].Value)
            {
                case null:
                    written = 0;
                    break;
                case string s:
                    if (!s.TryCopyTo(dest[length..]))
                    {
                        return false;
                    }

                    written = s.Length;
                    break;
                case ISpanFormattable f:
                    if (!f.TryFormat(dest[length..], out written, default, CultureInfo.InvariantCulture))
                    {
                        return false;
                    }

                    break;
                case var other:
                    var text = other.ToString() ?? string.Empty;
                    if (!text.TryCopyTo(dest[length..]))
                    {
                        return false;
                    }

                    written = text.Length;
                    break;
            }

            length += written;
            if (length + 1 > dest.Length)
            {
                return false;
            }

            dest[length++] = '\u0002';
        }

        return true;
    }

    private static Label[] LabelsOf(ReadOnlySpan<KeyValuePair<string, object?>> tags, ReadOnlySpan<int> order)
    {
        var labels = new List<Label>(order.Length);
        foreach (var i in order)
        {
            var name = PrometheusNames.Label(tags[i].Key);
            var value = tags[i].Value switch
            {
                null => string.Empty,
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var o => o.ToString() ?? string.Empty,
            };
            if (!labels.Exists(l => l.Name == name))
            {
                labels.Add(new Label(name, value));
            }
        }

        labels.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. labels];
    }

    private static double[] BoundsOf(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(v => (double)v),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(v => (double)v),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(v => (double)v),
            _ => null,
        };
        var bounds = advised?.Where(double.IsFinite).Distinct().Order().ToArray();
        return bounds is { Length: > 0 } ? bounds : instrument.Unit == "s" ? SecondsBounds : DefaultBounds;
    }

    private static bool IsGeneric(Instrument instrument, Type open) =>
        instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == open;
}
