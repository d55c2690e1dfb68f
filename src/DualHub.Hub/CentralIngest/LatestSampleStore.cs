using System.Buffers;
using System.Text;
using DualHub.Hub.Query;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.CentralIngest;

/// <summary>
/// The central view: the newest sample of every series from every path. An older sample never overwrites a newer
/// one and a sample delivered twice is stored once; a stale marker hides the series until a newer sample comes.
/// Known series are updated without allocation (span lookup of the canonical label key).
/// Bounded: it holds at most <see cref="MaxSeries"/> series, each within the hub's label limits (count, name and value
/// lengths), so it costs at most that many series of that size; samples of other series are still journaled and
/// forwarded, only not held here. <see cref="Sweep"/> forgets series that have not been updated for a number of sweeps.
/// </summary>
public sealed partial class LatestSampleStore
{
    private readonly Dictionary<byte[], Entry> _series = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Lock _gate = new();
    private readonly List<byte[]> _swept = [];
    private readonly int _maxLabels;
    private readonly int _maxNameLength;
    private readonly int _maxValueLength;
    private long _generation;
    private long _notHeld;

    public LatestSampleStore(long maxSeries = long.MaxValue, int maxLabelsPerSeries = int.MaxValue, int maxLabelNameLength = int.MaxValue, int maxLabelValueLength = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeries);
        MaxSeries = maxSeries;
        _maxLabels = maxLabelsPerSeries;
        _maxNameLength = maxLabelNameLength;
        _maxValueLength = maxLabelValueLength;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>The most series held at once.</summary>
    public long MaxSeries { get; }

    /// <summary>
    /// Series not held: met while the view held <see cref="MaxSeries"/>, or with labels over the limits (counted each
    /// time they come).
    /// </summary>
    public long SeriesNotHeld => Interlocked.Read(ref _notHeld);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _series.Count;
            }
        }
    }

    /// <summary>Applies every series of a (validated) WriteRequest body; returns how many samples changed the view.</summary>
    public int Apply(ReadOnlySpan<byte> writeRequest)
    {
        var changed = 0;
        var key = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            lock (_gate)
            {
                var entries = new TimeSeriesEntryReader(writeRequest);
                while (entries.TryRead(out _, out var body))
                {
                    var view = new TimeSeriesView(body);
                    var keyLength = BuildKey(view, ref key);
                    long ts = long.MinValue;
                    double value = 0;
                    var samples = view.Samples;
                    var any = false;
                    while (samples.TryNext(out var t, out var v))
                    {
                        // Samples of one series are in timestamp order; keep the newest of the request.
                        if (!any || t >= ts)
                        {
                            (ts, value) = (t, v);
                        }

                        any = true;
                    }

                    if (!any)
                    {
                        continue;
                    }

                    var keySpan = key.AsSpan(0, keyLength);
                    if (_lookup.TryGetValue(keySpan, out var entry))
                    {
                        if (ts > entry.TimestampMs)
                        {
                            entry.TimestampMs = ts;
                            entry.Value = value;
                            entry.Generation = _generation;
                            changed++;
                        }
                    }
                    else if (Holdable(view) is { } labels)
                    {
                        _series[keySpan.ToArray()] = new Entry(labels) { TimestampMs = ts, Value = value, Generation = _generation };
                        changed++;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(key);
        }

        return changed;
    }

    /// <summary>
    /// Starts a new generation and forgets every series not updated in the last <paramref name="keep"/> generations
    /// (the hub sweeps every minute and keeps as many as the sample journal's <c>max_age</c> has minutes: a restart
    /// rebuilds the view from what the journal retains, and the view holds no more than that while running). Returns how
    /// many series it forgot.
    /// </summary>
    public int Sweep(long keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        lock (_gate)
        {
            _generation++;
            foreach (var (key, entry) in _series)
            {
                if (_generation - entry.Generation > keep)
                {
                    _swept.Add(key);
                }
            }

            foreach (var key in _swept)
            {
                _series.Remove(key);
            }

            var forgotten = _swept.Count;
            _swept.Clear();
            _swept.Capacity = Math.Min(_swept.Capacity, 1024);
            return forgotten;
        }
    }

    /// <summary>Series matching every matcher whose newest sample is within the lookback window and not stale.</summary>
    public List<SeriesSample> Select(IReadOnlyList<LabelMatcher> matchers, long atMs, long lookbackMs)
    {
        var result = new List<SeriesSample>();
        lock (_gate)
        {
            foreach (var entry in _series.Values)
            {
                if (entry.TimestampMs > atMs || entry.TimestampMs <= atMs - lookbackMs || StaleMarker.Is(entry.Value))
                {
                    continue;
                }

                if (MatchesAll(entry.Labels, matchers))
                {
                    result.Add(new SeriesSample(entry.Labels, entry.TimestampMs, entry.Value));
                }
            }
        }

        return result;
    }

    /// <summary>Every held series that is not stale, grouped into untyped families by name (for <c>/metrics</c>).</summary>
    public List<MetricFamily> ToFamilies()
    {
        var families = new SortedDictionary<string, MetricFamily>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var entry in _series.Values)
            {
                if (StaleMarker.Is(entry.Value))
                {
                    continue;
                }

                var name = string.Empty;
                var rest = new List<Label>(entry.Labels.Length);
                foreach (var l in entry.Labels)
                {
                    if (l.Name == "__name__")
                    {
                        name = l.Value;
                    }
                    else
                    {
                        rest.Add(l);
                    }
                }

                if (name.Length == 0)
                {
                    continue;
                }

                if (!families.TryGetValue(name, out var family))
                {
                    family = new MetricFamily(name, MetricType.Untyped);
                    families[name] = family;
                }

                family.Metrics.Add(new Metric { Labels = [.. rest], Value = entry.Value });
            }
        }

        return [.. families.Values];
    }

    private static bool MatchesAll(Label[] labels, IReadOnlyList<LabelMatcher> matchers)
    {
        foreach (var m in matchers)
        {
            var value = string.Empty;
            foreach (var l in labels)
            {
                if (l.Name == m.Name)
                {
                    value = l.Value;
                    break;
                }
            }

            if (!m.Matches(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Canonical key: length-prefixed names and values in order (labels are validated sorted and unique).</summary>
    private static int BuildKey(TimeSeriesView view, ref byte[] key)
    {
        var n = 0;
        var labels = view.Labels;
        while (labels.TryNext(out var name, out var value))
        {
            AppendKey(name, value, ref key, ref n);
        }

        return n;
    }

    /// <summary>Appends one label to a series key in <see cref="BuildKey"/>'s form, growing the pooled key as needed.</summary>
    private static void AppendKey(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ref byte[] key, ref int length)
    {
        var need = length + name.Length + value.Length + 10;
        if (need > key.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(need * 2);
            key.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(key);
            key = bigger;
        }

        length += WireWriter.WriteVarint(key.AsSpan(length), (uint)name.Length);
        name.CopyTo(key.AsSpan(length));
        length += name.Length;
        length += WireWriter.WriteVarint(key.AsSpan(length), (uint)value.Length);
        value.CopyTo(key.AsSpan(length));
        length += value.Length;
    }

    private static Label[] DecodeLabels(TimeSeriesView view)
    {
        var list = new List<Label>();
        var labels = view.Labels;
        while (labels.TryNext(out var name, out var value))
        {
            list.Add(new Label(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(value)));
        }

        return [.. list];
    }

    /// <summary>The labels of a new series when it may be held (under the lock); null, counted, when it may not.</summary>
    private Label[]? Holdable(TimeSeriesView view)
    {
        if (_series.Count < MaxSeries)
        {
            var labels = DecodeLabels(view);
            if (WithinLabelLimits(labels))
            {
                return labels;
            }
        }

        _notHeld++;
        return null;
    }

    /// <summary>
    /// The push limits as a push meets them: the metric name is not a label there, and a histogram's <c>le</c> or a
    /// summary's <c>quantile</c> is added to a pushed series' labels when it becomes samples.
    /// </summary>
    private bool WithinLabelLimits(Label[] labels)
    {
        var count = 0;
        var bucketLabel = false;
        foreach (var l in labels)
        {
            if (l.Value.Length > _maxValueLength)
            {
                return false;
            }

            if (l.Name == "__name__")
            {
                continue;
            }

            if (l.Name.Length > _maxNameLength)
            {
                return false;
            }

            count++;
            bucketLabel |= l.Name is "le" or "quantile";
        }

        return count <= (bucketLabel && _maxLabels < int.MaxValue ? _maxLabels + 1 : _maxLabels);
    }

    private sealed class Entry(Label[] labels)
    {
        public Label[] Labels { get; } = labels;

        public long TimestampMs { get; set; }

        public double Value { get; set; }

        /// <summary>The <see cref="Sweep"/> generation of its last update.</summary>
        public long Generation { get; set; }
    }
}
