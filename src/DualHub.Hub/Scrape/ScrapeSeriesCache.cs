using DualHub.Hub.SampleLog;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Scrape;

/// <summary>
/// A target's scrape cache (as Prometheus' scrape cache): the raw text of each series line maps to the series' final
/// label set, merged with target and external labels, sorted and wire-encoded once. A steady-state scrape copies those
/// bytes into the record: no label parsing, merging, sorting or allocation per sample. Series (final label sets) are
/// also what staleness is tracked on, by scrape generation: a series not seen in a scrape gets a stale marker.
/// Entries keep their first-seen order, and targets expose series in the same order every scrape, so the entry after
/// the last one matched is tried before the hash table.
/// </summary>
internal sealed class ScrapeSeriesCache : ITextSeriesSink, IDisposable
{
    private readonly Label[] _targetLabels;
    private readonly Label[] _externalLabels;
    private readonly bool _honorLabels;
    private readonly bool _honorTimestamps;
    private readonly Dictionary<ulong, int> _byKey = [];
    private readonly Dictionary<ulong, int> _byLabels = [];
    private readonly SampleBatchBuilder _encoder = new(4096);
    private Label[] _scratch = new Label[32];
    private Entry[] _entries = new Entry[1024];
    private SeriesSlot[] _series = new SeriesSlot[1024];
    private byte[] _keys = new byte[64 * 1024];
    private byte[] _labels = new byte[64 * 1024];
    private int _entryCount;
    private int _seriesCount;
    private int _keysUsed;
    private int _labelsUsed;
    private int _liveEntries;
    private int _liveSeries;
    private uint _generation;
    private int _lastHandle = -1;
    private SampleBatchBuilder? _batch;
    private long _defaultTimestampMs;

    public ScrapeSeriesCache(ScrapeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _targetLabels = target.TargetLabels;
        _externalLabels = target.ExternalLabels;
        _honorLabels = target.HonorLabels;
        _honorTimestamps = target.HonorTimestamps;
    }

    /// <summary>Samples written through the cache in this scrape.</summary>
    public int Samples { get; private set; }

    /// <summary>Series first seen in this scrape (<c>scrape_series_added</c>).</summary>
    public int Added { get; private set; }

    /// <summary>Series known (seen in the last successful scrape or this one).</summary>
    public int SeriesCount => _liveSeries;

    public void BeginScrape(SampleBatchBuilder batch, long defaultTimestampMs)
    {
        _batch = batch;
        _defaultTimestampMs = defaultTimestampMs;
        _generation++;
        _lastHandle = -1;
        Samples = Added = 0;
    }

    public int Find(ReadOnlySpan<byte> rawSeries)
    {
        var next = _lastHandle + 1;
        if (next < _entryCount && KeyOf(next).SequenceEqual(rawSeries) && _entries[next].Series >= 0)
        {
            return next;
        }

        if (_byKey.TryGetValue(Hash(rawSeries), out var handle) && KeyOf(handle).SequenceEqual(rawSeries))
        {
            return handle;
        }

        return -1;
    }

    public int Add(ReadOnlySpan<byte> rawSeries, string metricName, ReadOnlySpan<Label> labels)
    {
        var n = LabelMerger.Merge(labels, null, _targetLabels, _externalLabels, _honorLabels, ref _scratch);
        _encoder.Reset();
        _encoder.Add(metricName, _scratch.AsSpan(0, n), 0, 0);
        var series = FindOrAddSeries(_encoder.LastLabels);

        if (_entryCount == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        var handle = _entryCount++;
        _entries[handle] = new Entry { KeyOffset = Append(ref _keys, ref _keysUsed, rawSeries), KeyLength = rawSeries.Length, Series = series };
        _liveEntries++;
        if (!rawSeries.IsEmpty)
        {
            // A 64-bit hash clash with another key leaves this entry reachable by position only.
            _byKey.TryAdd(Hash(rawSeries), handle);
        }

        return handle;
    }

    public void Sample(int handle, double value, long? timestampMs)
    {
        _lastHandle = handle;
        ref var entry = ref _entries[handle];
        entry.Generation = _generation;
        ref var series = ref _series[entry.Series];
        series.Generation = _generation;
        var ts = _honorTimestamps && timestampMs is { } t ? t : _defaultTimestampMs;
        _batch!.AddEncodedLabels(_labels.AsSpan(series.Offset, series.Length), ts, value);
        Samples++;
    }

    /// <summary>Marks the series with these wire-encoded labels seen (samples written by the family path); true when it is new.</summary>
    public bool Observe(ReadOnlySpan<byte> encodedLabels)
    {
        var before = Added;
        FindOrAddSeries(encodedLabels);
        return Added != before;
    }

    /// <summary>
    /// Ends a successful scrape: a stale marker for every series not seen in it; entries and series not seen are
    /// forgotten. Returns how many markers were written.
    /// </summary>
    public int EndScrape(SampleBatchBuilder batch, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stale = 0;
        if (_liveSeries > 0)
        {
            for (var i = 0; i < _seriesCount; i++)
            {
                ref var s = ref _series[i];
                if (s.Length >= 0 && s.Generation != _generation)
                {
                    var labels = _labels.AsSpan(s.Offset, s.Length);
                    batch.AddEncodedLabels(labels, timestampMs, StaleMarker.Value);
                    stale++;
                    if (_byLabels.TryGetValue(Hash(labels), out var known) && known == i)
                    {
                        _byLabels.Remove(Hash(labels));
                    }

                    s.Length = -1;
                    _liveSeries--;
                }
            }
        }

        for (var i = 0; i < _entryCount; i++)
        {
            ref var e = ref _entries[i];
            if (e.Series >= 0 && e.Generation != _generation)
            {
                var key = KeyOf(i);
                if (_byKey.TryGetValue(Hash(key), out var known) && known == i)
                {
                    _byKey.Remove(Hash(key));
                }

                e.Series = -1;
                _liveEntries--;
            }
        }

        if ((_entryCount > 1024 && _liveEntries < _entryCount / 2) || (_seriesCount > 1024 && _liveSeries < _seriesCount / 2))
        {
            Compact();
        }
        else if (Added > 0)
        {
            // Growth doubles the arenas; once a scrape's new series are in, keep only a little headroom.
            Trim(ref _keys, _keysUsed);
            Trim(ref _labels, _labelsUsed);
        }

        _batch = null;
        return stale;
    }

    /// <summary>A failed scrape or a removed target: a stale marker for every known series, then forget everything.</summary>
    public int StaleAll(SampleBatchBuilder batch, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var stale = 0;
        for (var i = 0; i < _seriesCount; i++)
        {
            var s = _series[i];
            if (s.Length >= 0)
            {
                batch.AddEncodedLabels(_labels.AsSpan(s.Offset, s.Length), timestampMs, StaleMarker.Value);
                stale++;
            }
        }

        _byKey.Clear();
        _byLabels.Clear();
        _entryCount = _seriesCount = _keysUsed = _labelsUsed = _liveEntries = _liveSeries = 0;
        _batch = null;
        return stale;
    }

    public void Dispose() => _encoder.Dispose();

    internal static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        // Two xxHash32 streams (HashCode, seeded per process) with different salts make a 64-bit key.
        var h1 = default(HashCode);
        var h2 = default(HashCode);
        h2.Add(0x5bd1e995);
        h1.AddBytes(bytes);
        h2.AddBytes(bytes);
        return ((ulong)(uint)h1.ToHashCode() << 32) | (uint)h2.ToHashCode();
    }

    private static int Append(ref byte[] arena, ref int used, ReadOnlySpan<byte> bytes)
    {
        if (used + bytes.Length > arena.Length)
        {
            Array.Resize(ref arena, Math.Max(arena.Length * 2, used + bytes.Length));
        }

        var offset = used;
        bytes.CopyTo(arena.AsSpan(used));
        used += bytes.Length;
        return offset;
    }

    private static void Trim(ref byte[] arena, int used)
    {
        var size = Math.Max(64 * 1024, used + (used / 8));
        if (arena.Length > size + (size / 4))
        {
            var trimmed = new byte[size];
            arena.AsSpan(0, used).CopyTo(trimmed);
            arena = trimmed;
        }
    }

    private ReadOnlySpan<byte> KeyOf(int handle)
    {
        var e = _entries[handle];
        return _keys.AsSpan(e.KeyOffset, e.KeyLength);
    }

    private int FindOrAddSeries(ReadOnlySpan<byte> encodedLabels)
    {
        var hash = Hash(encodedLabels);
        if (_byLabels.TryGetValue(hash, out var i) && _labels.AsSpan(_series[i].Offset, Math.Max(0, _series[i].Length)).SequenceEqual(encodedLabels))
        {
            _series[i].Generation = _generation;
            return i;
        }

        if (_seriesCount == _series.Length)
        {
            Array.Resize(ref _series, _series.Length * 2);
        }

        var index = _seriesCount++;
        _series[index] = new SeriesSlot { Offset = Append(ref _labels, ref _labelsUsed, encodedLabels), Length = encodedLabels.Length, Generation = _generation };
        _liveSeries++;
        Added++;
        _byLabels.TryAdd(hash, index);
        return index;
    }

    /// <summary>Drops forgotten entries and series from the arrays and arenas, keeping the entries' order.</summary>
    private void Compact()
    {
        var seriesMap = new int[_seriesCount];
        var series = new SeriesSlot[Math.Max(1024, _liveSeries * 2)];
        var labels = new byte[Math.Max(64 * 1024, _labelsUsed)];
        int seriesCount = 0, labelsUsed = 0;
        _byLabels.Clear();
        for (var i = 0; i < _seriesCount; i++)
        {
            var s = _series[i];
            seriesMap[i] = -1;
            if (s.Length < 0)
            {
                continue;
            }

            _labels.AsSpan(s.Offset, s.Length).CopyTo(labels.AsSpan(labelsUsed));
            series[seriesCount] = s with { Offset = labelsUsed };
            _byLabels.TryAdd(Hash(labels.AsSpan(labelsUsed, s.Length)), seriesCount);
            labelsUsed += s.Length;
            seriesMap[i] = seriesCount++;
        }

        var entries = new Entry[Math.Max(1024, _liveEntries * 2)];
        var keys = new byte[Math.Max(64 * 1024, _keysUsed)];
        int entryCount = 0, keysUsed = 0;
        _byKey.Clear();
        for (var i = 0; i < _entryCount; i++)
        {
            var e = _entries[i];
            if (e.Series < 0 || seriesMap[e.Series] < 0)
            {
                continue;
            }

            _keys.AsSpan(e.KeyOffset, e.KeyLength).CopyTo(keys.AsSpan(keysUsed));
            entries[entryCount] = e with { KeyOffset = keysUsed, Series = seriesMap[e.Series] };
            if (e.KeyLength > 0)
            {
                _byKey.TryAdd(Hash(keys.AsSpan(keysUsed, e.KeyLength)), entryCount);
            }

            keysUsed += e.KeyLength;
            entryCount++;
        }

        (_series, _labels, _seriesCount, _labelsUsed, _liveSeries) = (series, labels, seriesCount, labelsUsed, seriesCount);
        (_entries, _keys, _entryCount, _keysUsed, _liveEntries) = (entries, keys, entryCount, keysUsed, entryCount);
    }

    private struct Entry
    {
        public int KeyOffset;
        public int KeyLength;

        /// <summary>Index into the series; -1 once the entry is forgotten.</summary>
        public int Series;
        public uint Generation;
    }

    private struct SeriesSlot
    {
        public int Offset;

        /// <summary>Encoded labels' length; -1 once the series is forgotten.</summary>
        public int Length;
        public uint Generation;
    }
}
