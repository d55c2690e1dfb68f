using System.Runtime.CompilerServices;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Scrape;

/// <summary>
/// A target's scrape cache (as Prometheus' scrape cache): the raw text of each series line maps to the series' final
/// label set, merged with target and external labels, sorted and wire-encoded once. A steady-state scrape copies those
/// bytes into the record (about three copies: see below): no label parsing, merging, sorting or allocation per
/// sample. Series (final label sets) are
/// also what staleness is tracked on, by scrape generation: a series not seen in a scrape gets a stale marker.
/// Entries keep their first-seen order, and targets expose series in the same order every scrape, so the entry after
/// the last one matched is tried before the hash table. A scrape's samples are kept (<see cref="PendingSamples"/>)
/// until the parse succeeded, then written out in records of bounded size (<see cref="WriteOutput"/>), so a large
/// target never needs a record buffer of its whole scrape.
/// Memory per series is what the edge's footprint grows with, so the tables are flat arrays (no per-series object):
/// raw texts and labels in two byte arenas (each item's end offset only; it starts where the one before ended), the
/// labels in <see cref="SharedLabelCodec"/>'s compact form (target and external labels and metric names stored once
/// per target), generations in a byte, and arrays trimmed to a little headroom once a scrape's new series are in.
/// </summary>
internal sealed class ScrapeSeriesCache : ITextSeriesSink, IDisposable
{
    private const int MinCapacity = 1024;
    private const int MinArena = 64 * 1024;
    private readonly Label[] _targetLabels;
    private readonly Label[] _externalLabels;
    private readonly bool _honorLabels;
    private readonly bool _honorTimestamps;
    private readonly ByteKeyIndex _byKey;
    private readonly ByteKeyIndex _byLabels;
    private SharedLabelCodec _codec;
    private readonly PendingSamples _pending = new();
    private readonly SampleBatchBuilder _encoder = new(4096);
    private Label[] _scratch = new Label[32];
    private byte[] _compact = new byte[256];
    private byte[] _expanded = new byte[256];
    private byte[] _indexScratch = new byte[256];

    // Entries (raw series text -> series): end of the stored text in _keys, the series (-1 once forgotten), generation
    // seen. A text is stored as its metric name's number in _names + 1 (varint; 0: none) and the bytes after the name.
    private int[] _keyEnds = new int[MinCapacity];
    private int[] _entrySeries = new int[MinCapacity];
    private byte[] _entrySeen = new byte[MinCapacity];
    private byte[] _keys = new byte[MinArena];
    private NameTable _names = new();
    private byte[] _keyScratch = new byte[256];
    private int _entryCount;
    private int _liveEntries;

    // Series (final label sets): end of the compact labels in _labels, generation seen (0 once forgotten).
    private int[] _labelEnds = new int[MinCapacity];
    private byte[] _seriesSeen = new byte[MinCapacity];
    private byte[] _labels = new byte[MinArena];
    private int _seriesCount;
    private int _liveSeries;

    /// <summary>1..255: a live item was seen in this scrape or the one before, so a byte tells them apart.</summary>
    private byte _generation;
    private int _lastHandle = -1;
    private int[] _stale = new int[64];
    private int _staleCount;
    private int _staleWritten;
    private long _staleTimestampMs;
    private bool _open;
    private bool _resetOnFinish;
    private long _defaultTimestampMs;
    private long _reallocated;

    public ScrapeSeriesCache(ScrapeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _targetLabels = target.TargetLabels;
        _externalLabels = target.ExternalLabels;
        _honorLabels = target.HonorLabels;
        _honorTimestamps = target.HonorTimestamps;
        _byKey = new ByteKeyIndex(KeyOf);
        _byLabels = new ByteKeyIndex(ExpandedLabelsOf);
        _codec = NewCodec();
    }

    /// <summary>Samples written through the cache in this scrape.</summary>
    public int Samples { get; private set; }

    /// <summary>Series first seen in this scrape (<c>scrape_series_added</c>).</summary>
    public int Added { get; private set; }

    /// <summary>
    /// Bytes of tables and arenas allocated anew since the cache was made (growth, trimming, compaction): what the
    /// replaced arrays left to the GC.
    /// </summary>
    public long ReallocatedBytes => _reallocated + _pending.ReallocatedBytes;

    /// <summary>Label runs and metric names held once for all series (they follow the live series: see <see cref="Compact"/>).</summary>
    internal int SharedCount => _codec.Count + _names.Count;

    /// <summary>Series known (seen in the last successful scrape or this one).</summary>
    public int SeriesCount => _liveSeries;

    /// <summary>Samples and stale markers collected and not yet written by <see cref="WriteOutput"/>.</summary>
    public bool HasOutput => _pending.HasMore || _staleWritten < _staleCount;

    public void BeginScrape(long defaultTimestampMs)
    {
        if (_open)
        {
            Finish(); // the last scrape's output was abandoned (journal error)
        }

        _open = true;
        _pending.Clear();
        _staleCount = _staleWritten = 0;
        _defaultTimestampMs = defaultTimestampMs;
        _generation = (byte)((_generation % 255) + 1);
        _lastHandle = -1;
        Samples = Added = 0;
    }

    public int Find(ReadOnlySpan<byte> rawSeries)
    {
        var next = _lastHandle + 1;
        if (next < _entryCount && _entrySeries[next] >= 0 && KeyMatches(next, rawSeries))
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

        if (_entryCount == _keyEnds.Length)
        {
            var size = _entryCount * 2;
            Array.Resize(ref _keyEnds, size);
            Array.Resize(ref _entrySeries, size);
            Array.Resize(ref _entrySeen, size);
            _reallocated += size * 9L;
        }

        var handle = _entryCount++;
        _keyEnds[handle] = AppendKey(ref _keys, KeyStart(handle), _names, rawSeries);
        _entrySeries[handle] = series;
        _entrySeen[handle] = _generation;
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
        _entrySeen[handle] = _generation;
        var series = _entrySeries[handle];
        _seriesSeen[series] = _generation;
        _pending.Add(series, value, _honorTimestamps && timestampMs is { } t ? t : _defaultTimestampMs, _defaultTimestampMs);
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
            var seen = _seriesSeen[i];
            if (seen != 0 && seen != _generation)
            {
                AddStale(i);
                _byLabels.Remove(i);
                _seriesSeen[i] = 0;
                _liveSeries--;
            }
        }
    }

    /// <summary>A failed scrape or a removed target: every known series is due a stale marker; then all is forgotten.</summary>
    public void StaleAll(long timestampMs)
    {
        _staleTimestampMs = timestampMs;
        _pending.Clear();
        _staleCount = _staleWritten = 0;
        for (var i = 0; i < _seriesCount; i++)
        {
            if (_seriesSeen[i] != 0)
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
        while (_pending.HasMore)
        {
            if (batch.Written.Length >= maxBytes)
            {
                return true;
            }

            var series = _pending.Next(_defaultTimestampMs, out var timestampMs, out var value);
            Write(batch, series, timestampMs, value);
        }

        while (_staleWritten < _staleCount)
        {
            if (batch.Written.Length >= maxBytes)
            {
                return true;
            }

            Write(batch, _stale[_staleWritten++], _staleTimestampMs, StaleMarker.Value);
        }

        return false;
    }

    /// <summary>Ends the scrape once its output is written: entries not seen are forgotten, and the tables compacted.</summary>
    public void Finish()
    {
        _open = false;
        var grew = Added > 0;
        _pending.Clear();
        _staleCount = _staleWritten = 0;
        if (_stale.Length > MinCapacity)
        {
            _stale = new int[64]; // a failed scrape of a large target: not kept at its size
        }

        if (_resetOnFinish)
        {
            _resetOnFinish = false;
            _byKey.Clear();
            _byLabels.Clear();
            _codec = NewCodec();
            _names = new NameTable();
            _entryCount = _seriesCount = _liveEntries = _liveSeries = 0;
            return;
        }

        for (var i = 0; i < _entryCount; i++)
        {
            if (_entrySeries[i] >= 0 && _entrySeen[i] != _generation)
            {
                if (HasKey(i))
                {
                    _byKey.Remove(i);
                }

                _entrySeries[i] = -1;
                _liveEntries--;
            }
        }

        if ((_entryCount > MinCapacity && _liveEntries < _entryCount / 2) || (_seriesCount > MinCapacity && _liveSeries < _seriesCount / 2))
        {
            Compact();
        }
        else if (grew)
        {
            // Growth doubles the tables; once a scrape's new series are in, keep only a little headroom.
            TrimTables();
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

    private static int Headroom(int used, int min) => Math.Max(min, used + (used / 16));

    private void Write(SampleBatchBuilder batch, int series, long timestampMs, double value)
    {
        var compact = LabelsOf(series);
        var length = SharedLabelCodec.ExpandedLength(compact, out var items);
        _codec.Expand(compact, items, batch.AddSample(length, timestampMs, value));
    }

    /// <summary>Appends <paramref name="bytes"/> at <paramref name="used"/> (the arena's end); returns the new end.</summary>
    private int Append(ref byte[] arena, int used, ReadOnlySpan<byte> bytes)
    {
        if (used + bytes.Length > arena.Length)
        {
            Array.Resize(ref arena, Math.Max(arena.Length * 2, used + bytes.Length));
            _reallocated += arena.Length;
        }

        bytes.CopyTo(arena.AsSpan(used));
        return used + bytes.Length;
    }

    private void Trim<T>(ref T[] array, int used, int min)
    {
        var size = Headroom(used, min);
        if (array.Length > size + (used / 16))
        {
            Array.Resize(ref array, size);
            _reallocated += (long)size * Unsafe.SizeOf<T>();
        }
    }

    private void TrimTables()
    {
        _pending.Trim(Samples);
        Trim(ref _keys, KeyStart(_entryCount), MinArena);
        Trim(ref _labels, LabelStart(_seriesCount), MinArena);
        Trim(ref _keyEnds, _entryCount, MinCapacity);
        Trim(ref _entrySeries, _entryCount, MinCapacity);
        Trim(ref _entrySeen, _entryCount, MinCapacity);
        Trim(ref _labelEnds, _seriesCount, MinCapacity);
        Trim(ref _seriesSeen, _seriesCount, MinCapacity);
    }

    private void AddStale(int series)
    {
        if (_staleCount == _stale.Length)
        {
            Array.Resize(ref _stale, _stale.Length * 2);
        }

        _stale[_staleCount++] = series;
    }

    private int KeyStart(int handle) => handle == 0 ? 0 : _keyEnds[handle - 1];

    private int LabelStart(int series) => series == 0 ? 0 : _labelEnds[series - 1];

    private ReadOnlySpan<byte> StoredKey(int handle)
    {
        var start = KeyStart(handle);
        return _keys.AsSpan(start, _keyEnds[handle] - start);
    }

    /// <summary>Whether the entry's raw text is not empty (only those are in the index).</summary>
    private bool HasKey(int handle) => _keyEnds[handle] - KeyStart(handle) > 1 || _keys[KeyStart(handle)] != 0;

    /// <summary>A stored text's name number (-1: none) and the bytes after the name.</summary>
    private static int SplitKey(ReadOnlySpan<byte> stored, out ReadOnlySpan<byte> rest)
    {
        var header = 0;
        var name = (int)WireReader.ReadVarint(stored, ref header) - 1;
        rest = stored[header..];
        return name;
    }

    /// <summary>The steady-state line's check: the entry's name and the rest of its text against a raw text.</summary>
    private bool KeyMatches(int handle, ReadOnlySpan<byte> raw)
    {
        var name = SplitKey(StoredKey(handle), out var rest);
        if (name < 0)
        {
            return rest.SequenceEqual(raw);
        }

        var n = _names.Name(name);
        return raw.Length == n.Length + rest.Length && raw.StartsWith(n) && raw[n.Length..].SequenceEqual(rest);
    }

    /// <summary>An entry's raw text (for the index: in a scratch buffer, valid until the next call).</summary>
    private ReadOnlySpan<byte> KeyOf(int handle)
    {
        var name = SplitKey(StoredKey(handle), out var rest);
        if (name < 0)
        {
            return rest;
        }

        var n = _names.Name(name);
        if (_keyScratch.Length < n.Length + rest.Length)
        {
            _keyScratch = new byte[(n.Length + rest.Length) * 2];
        }

        n.CopyTo(_keyScratch);
        rest.CopyTo(_keyScratch.AsSpan(n.Length));
        return _keyScratch.AsSpan(0, n.Length + rest.Length);
    }

    /// <summary>Stores a raw text at <paramref name="used"/> (the arena's end) as its name's number and the rest; returns the new end.</summary>
    private int AppendKey(ref byte[] arena, int used, NameTable names, ReadOnlySpan<byte> raw)
    {
        var nameLength = raw.IndexOfAny((byte)'{', (byte)' ', (byte)'\t');
        nameLength = nameLength < 0 ? raw.Length : nameLength;
        var name = nameLength > 0 ? names.FindOrAdd(raw[..nameLength]) : -1;
        Span<byte> header = stackalloc byte[5];
        var headerLength = WireWriter.WriteVarint(header, (uint)(name + 1));
        used = Append(ref arena, used, header[..headerLength]);
        return Append(ref arena, used, name < 0 ? raw : raw[nameLength..]);
    }

    private SharedLabelCodec NewCodec() => new([.. _targetLabels, .. _externalLabels]);

    /// <summary>A series' compact labels made again with <paramref name="codec"/> (in a scratch buffer).</summary>
    private ReadOnlySpan<byte> Recompress(int series, SharedLabelCodec codec)
    {
        var compact = LabelsOf(series);
        var length = SharedLabelCodec.ExpandedLength(compact, out var items);
        if (_expanded.Length < length)
        {
            _expanded = new byte[length * 2];
        }

        _codec.Expand(compact, items, _expanded.AsSpan(0, length));
        var n = codec.Compress(_expanded.AsSpan(0, length), ref _compact);
        return _compact.AsSpan(0, n);
    }

    /// <summary>A series' labels in wire form, as the index compares and hashes them (in a scratch buffer, valid until the next call).</summary>
    private ReadOnlySpan<byte> ExpandedLabelsOf(int series)
    {
        var compact = LabelsOf(series);
        var length = SharedLabelCodec.ExpandedLength(compact, out var items);
        if (_indexScratch.Length < length)
        {
            _indexScratch = new byte[length * 2];
        }

        _codec.Expand(compact, items, _indexScratch.AsSpan(0, length));
        return _indexScratch.AsSpan(0, length);
    }

    private ReadOnlySpan<byte> LabelsOf(int series)
    {
        var start = LabelStart(series);
        return _labels.AsSpan(start, _labelEnds[series] - start);
    }

    private int FindOrAddSeries(ReadOnlySpan<byte> encodedLabels)
    {
        var i = _byLabels.Find(encodedLabels);
        if (i >= 0)
        {
            _seriesSeen[i] = _generation;
            return i;
        }

        var length = _codec.Compress(encodedLabels, ref _compact);
        var compact = _compact.AsSpan(0, length);
        if (_seriesCount == _labelEnds.Length)
        {
            var size = _seriesCount * 2;
            Array.Resize(ref _labelEnds, size);
            Array.Resize(ref _seriesSeen, size);
            _reallocated += size * 5L;
        }

        var index = _seriesCount++;
        _labelEnds[index] = Append(ref _labels, LabelStart(index), compact);
        _seriesSeen[index] = _generation;
        _liveSeries++;
        Added++;
        _byLabels.Add(index);
        return index;
    }

    /// <summary>
    /// Drops forgotten entries and series from the arrays and arenas, keeping the entries' order; the shared labels and
    /// metric names are made anew from the live series, so those of forgotten series do not stay.
    /// </summary>
    private void Compact()
    {
        var seriesMap = new int[_seriesCount];
        var seriesSize = Headroom(_liveSeries, MinCapacity);
        var labelEnds = new int[seriesSize];
        var seriesSeen = new byte[seriesSize];
        var liveBytes = 0;
        for (var i = 0; i < _seriesCount; i++)
        {
            liveBytes += _seriesSeen[i] == 0 ? 0 : LabelsOf(i).Length;
        }

        var labels = new byte[Headroom(liveBytes, MinArena)];
        var codec = NewCodec();
        int seriesCount = 0, labelsUsed = 0;
        for (var i = 0; i < _seriesCount; i++)
        {
            seriesMap[i] = -1;
            if (_seriesSeen[i] == 0)
            {
                continue;
            }

            labelsUsed = Append(ref labels, labelsUsed, Recompress(i, codec));
            labelEnds[seriesCount] = labelsUsed;
            seriesSeen[seriesCount] = _seriesSeen[i];
            seriesMap[i] = seriesCount++;
        }

        var entrySize = Headroom(_liveEntries, MinCapacity);
        var keyEnds = new int[entrySize];
        var entrySeries = new int[entrySize];
        var entrySeen = new byte[entrySize];
        liveBytes = 0;
        for (var i = 0; i < _entryCount; i++)
        {
            liveBytes += _entrySeries[i] < 0 || seriesMap[_entrySeries[i]] < 0 ? 0 : StoredKey(i).Length;
        }

        var keys = new byte[Headroom(liveBytes, MinArena)];
        var names = new NameTable();
        int entryCount = 0, keysUsed = 0;
        for (var i = 0; i < _entryCount; i++)
        {
            var s = _entrySeries[i];
            if (s < 0 || seriesMap[s] < 0)
            {
                continue;
            }

            keysUsed = AppendKey(ref keys, keysUsed, names, KeyOf(i));
            keyEnds[entryCount] = keysUsed;
            entrySeries[entryCount] = seriesMap[s];
            entrySeen[entryCount] = _entrySeen[i];
            entryCount++;
        }

        _reallocated += (seriesSize * 5L) + labels.Length + (entrySize * 9L) + keys.Length;
        (_labelEnds, _seriesSeen, _labels, _seriesCount, _liveSeries, _codec) = (labelEnds, seriesSeen, labels, seriesCount, seriesCount, codec);
        (_keyEnds, _entrySeries, _entrySeen, _keys, _entryCount, _liveEntries, _names) = (keyEnds, entrySeries, entrySeen, keys, entryCount, entryCount, names);
        _byLabels.Clear(_seriesCount);
        for (var i = 0; i < _seriesCount; i++)
        {
            _byLabels.Add(i);
        }

        _byKey.Clear(_entryCount);
        for (var i = 0; i < _entryCount; i++)
        {
            if (HasKey(i))
            {
                _byKey.Add(i);
            }
        }
    }
}
