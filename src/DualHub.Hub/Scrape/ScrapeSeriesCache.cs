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
/// the last one matched is tried before the hash table. A scrape's samples are kept as (series, timestamp, value)
/// until the parse succeeded, then written out in records of bounded size (<see cref="WriteOutput"/>), so a large
/// target never needs a record buffer of its whole scrape.
/// </summary>
internal sealed class ScrapeSeriesCache : ITextSeriesSink, IDisposable
{
    private readonly Label[] _targetLabels;
    private readonly Label[] _externalLabels;
    private readonly bool _honorLabels;
    private readonly bool _honorTimestamps;
    private readonly ByteKeyIndex _byKey;
    private readonly ByteKeyIndex _byLabels;
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
    private PendingSample[] _pending = new PendingSample[1024];
    private int _pendingCount;
    private int _pendingWritten;
    private int[] _stale = new int[64];
    private int _staleCount;
    private int _staleWritten;
    private long _staleTimestampMs;
    private bool _open;
    private bool _resetOnFinish;
    private long _defaultTimestampMs;

    public ScrapeSeriesCache(ScrapeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _targetLabels = target.TargetLabels;
        _externalLabels = target.ExternalLabels;
        _honorLabels = target.HonorLabels;
        _honorTimestamps = target.HonorTimestamps;
        _byKey = new ByteKeyIndex(KeyOf);
        _byLabels = new ByteKeyIndex(LabelsOf);
    }

    /// <summary>Samples written through the cache in this scrape.</summary>
    public int Samples { get; private set; }

    /// <summary>Series first seen in this scrape (<c>scrape_series_added</c>).</summary>
    public int Added { get; private set; }

    /// <summary>
    /// Bytes of tables and arenas allocated anew since the cache was made (growth, trimming, compaction): what the
    /// replaced arrays left to the GC.
    /// </summary>
    public long ReallocatedBytes { get; private set; }

    /// <summary>Series known (seen in the last successful scrape or this one).</summary>
    public int SeriesCount => _liveSeries;

    /// <summary>Samples and stale markers collected and not yet written by <see cref="WriteOutput"/>.</summary>
    public bool HasOutput => _pendingWritten < _pendingCount || _staleWritten < _staleCount;

    public void BeginScrape(long defaultTimestampMs)
    {
        if (_open)
        {
            Finish(); // the last scrape's output was abandoned (journal error)
        }

        _open = true;
        _pendingCount = _pendingWritten = _staleCount = _staleWritten = 0;
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

        return _byKey.Find(rawSeries);
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
            ReallocatedBytes += _entries.Length * 16L;
        }

        var handle = _entryCount++;
        _entries[handle] = new Entry { KeyOffset = Append(ref _keys, ref _keysUsed, rawSeries), KeyLength = rawSeries.Length, Series = series };
        _liveEntries++;
        if (!rawSeries.IsEmpty)
        {
            _byKey.Add(handle);
        }

        return handle;
    }

    public void Sample(int handle, double value, long? timestampMs)
    {
        _lastHandle = handle;
        ref var entry = ref _entries[handle];
        entry.Generation = _generation;
        _series[entry.Series].Generation = _generation;
        if (_pendingCount == _pending.Length)
        {
            Array.Resize(ref _pending, _pending.Length * 2);
            ReallocatedBytes += _pending.Length * 24L;
        }

        _pending[_pendingCount++] = new PendingSample(entry.Series, _honorTimestamps && timestampMs is { } t ? t : _defaultTimestampMs, value);
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
    /// After a successful parse: every known series not seen in this scrape is due a stale marker at
    /// <paramref name="timestampMs"/> (written by <see cref="WriteOutput"/>) and is forgotten.
    /// </summary>
    public void CollectStale(long timestampMs)
    {
        _staleTimestampMs = timestampMs;
        if (_liveSeries == 0)
        {
            return;
        }

        for (var i = 0; i < _seriesCount; i++)
        {
            ref var s = ref _series[i];
            if (s.Live && s.Generation != _generation)
            {
                AddStale(i);
                _byLabels.Remove(i);
                s.Live = false;
                _liveSeries--;
            }
        }
    }

    /// <summary>A failed scrape or a removed target: every known series is due a stale marker; then all is forgotten.</summary>
    public void StaleAll(long timestampMs)
    {
        _staleTimestampMs = timestampMs;
        _pendingCount = _pendingWritten = _staleCount = _staleWritten = 0;
        for (var i = 0; i < _seriesCount; i++)
        {
            if (_series[i].Live)
            {
                AddStale(i);
            }
        }

        _resetOnFinish = true;
    }

    /// <summary>
    /// Writes collected samples, then stale markers, into <paramref name="batch"/> until it holds at least
    /// <paramref name="maxBytes"/>; true when output remains for another record.
    /// </summary>
    public bool WriteOutput(SampleBatchBuilder batch, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(batch);
        while (_pendingWritten < _pendingCount)
        {
            if (batch.Written.Length >= maxBytes)
            {
                return true;
            }

            var p = _pending[_pendingWritten++];
            var s = _series[p.Series];
            batch.AddEncodedLabels(_labels.AsSpan(s.Offset, s.Length), p.TimestampMs, p.Value);
        }

        while (_staleWritten < _staleCount)
        {
            if (batch.Written.Length >= maxBytes)
            {
                return true;
            }

            var s = _series[_stale[_staleWritten++]];
            batch.AddEncodedLabels(_labels.AsSpan(s.Offset, s.Length), _staleTimestampMs, StaleMarker.Value);
        }

        return false;
    }

    /// <summary>Ends the scrape once its output is written: entries not seen are forgotten, and the tables compacted.</summary>
    public void Finish()
    {
        _open = false;
        _pendingCount = _pendingWritten = _staleCount = _staleWritten = 0;
        if (_resetOnFinish)
        {
            _resetOnFinish = false;
            _byKey.Clear();
            _byLabels.Clear();
            _entryCount = _seriesCount = _keysUsed = _labelsUsed = _liveEntries = _liveSeries = 0;
            return;
        }

        for (var i = 0; i < _entryCount; i++)
        {
            ref var e = ref _entries[i];
            if (e.Series >= 0 && e.Generation != _generation)
            {
                if (e.KeyLength > 0)
                {
                    _byKey.Remove(i);
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
    }

    /// <summary>A whole successful scrape into one batch (stale markers at <paramref name="timestampMs"/>); returns the markers written.</summary>
    public int EndScrape(SampleBatchBuilder batch, long timestampMs)
    {
        CollectStale(timestampMs);
        var stale = _staleCount;
        WriteOutput(batch, int.MaxValue);
        Finish();
        return stale;
    }

    /// <summary>A whole failed scrape into one batch; returns the markers written.</summary>
    public int StaleAll(SampleBatchBuilder batch, long timestampMs)
    {
        StaleAll(timestampMs);
        var stale = _staleCount;
        WriteOutput(batch, int.MaxValue);
        Finish();
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

    private int Append(ref byte[] arena, ref int used, ReadOnlySpan<byte> bytes)
    {
        if (used + bytes.Length > arena.Length)
        {
            Array.Resize(ref arena, Math.Max(arena.Length * 2, used + bytes.Length));
            ReallocatedBytes += arena.Length;
        }

        var offset = used;
        bytes.CopyTo(arena.AsSpan(used));
        used += bytes.Length;
        return offset;
    }

    private void Trim(ref byte[] arena, int used)
    {
        var size = Math.Max(64 * 1024, used + (used / 8));
        if (arena.Length > size + (size / 4))
        {
            ReallocatedBytes += size;
            var trimmed = new byte[size];
            arena.AsSpan(0, used).CopyTo(trimmed);
            arena = trimmed;
        }
    }

    private void AddStale(int series)
    {
        if (_staleCount == _stale.Length)
        {
            Array.Resize(ref _stale, _stale.Length * 2);
        }

        _stale[_staleCount++] = series;
    }

    private ReadOnlySpan<byte> KeyOf(int handle)
    {
        var e = _entries[handle];
        return _keys.AsSpan(e.KeyOffset, e.KeyLength);
    }

    private ReadOnlySpan<byte> LabelsOf(int series)
    {
        var s = _series[series];
        return _labels.AsSpan(s.Offset, s.Length);
    }

    private int FindOrAddSeries(ReadOnlySpan<byte> encodedLabels)
    {
        var i = _byLabels.Find(encodedLabels);
        if (i >= 0)
        {
            _series[i].Generation = _generation;
            return i;
        }

        if (_seriesCount == _series.Length)
        {
            Array.Resize(ref _series, _series.Length * 2);
            ReallocatedBytes += _series.Length * 16L;
        }

        var index = _seriesCount++;
        _series[index] = new SeriesSlot { Offset = Append(ref _labels, ref _labelsUsed, encodedLabels), Length = encodedLabels.Length, Generation = _generation, Live = true };
        _liveSeries++;
        Added++;
        _byLabels.Add(index);
        return index;
    }

    /// <summary>Drops forgotten entries and series from the arrays and arenas, keeping the entries' order.</summary>
    private void Compact()
    {
        var seriesMap = new int[_seriesCount];
        var series = new SeriesSlot[Math.Max(1024, _liveSeries * 2)];
        var labels = new byte[Math.Max(64 * 1024, _labelsUsed)];
        int seriesCount = 0, labelsUsed = 0;
        for (var i = 0; i < _seriesCount; i++)
        {
            var s = _series[i];
            seriesMap[i] = -1;
            if (!s.Live)
            {
                continue;
            }

            _labels.AsSpan(s.Offset, s.Length).CopyTo(labels.AsSpan(labelsUsed));
            series[seriesCount] = s with { Offset = labelsUsed };
            labelsUsed += s.Length;
            seriesMap[i] = seriesCount++;
        }

        var entries = new Entry[Math.Max(1024, _liveEntries * 2)];
        var keys = new byte[Math.Max(64 * 1024, _keysUsed)];
        int entryCount = 0, keysUsed = 0;
        for (var i = 0; i < _entryCount; i++)
        {
            var e = _entries[i];
            if (e.Series < 0 || seriesMap[e.Series] < 0)
            {
                continue;
            }

            _keys.AsSpan(e.KeyOffset, e.KeyLength).CopyTo(keys.AsSpan(keysUsed));
            entries[entryCount] = e with { KeyOffset = keysUsed, Series = seriesMap[e.Series] };
            keysUsed += e.KeyLength;
            entryCount++;
        }

        ReallocatedBytes += (series.Length * 16L) + labels.Length + (entries.Length * 16L) + keys.Length;
        (_series, _labels, _seriesCount, _labelsUsed, _liveSeries) = (series, labels, seriesCount, labelsUsed, seriesCount);
        (_entries, _keys, _entryCount, _keysUsed, _liveEntries) = (entries, keys, entryCount, keysUsed, entryCount);
        _byLabels.Clear(_seriesCount);
        for (var i = 0; i < _seriesCount; i++)
        {
            _byLabels.Add(i);
        }

        _byKey.Clear(_entryCount);
        for (var i = 0; i < _entryCount; i++)
        {
            if (_entries[i].KeyLength > 0)
            {
                _byKey.Add(i);
            }
        }
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
        public int Length;
        public uint Generation;

        /// <summary>False once the series is forgotten (its bytes stay until compaction, for its stale marker).</summary>
        public bool Live;
    }

    private readonly record struct PendingSample(int Series, long TimestampMs, double Value);
}
