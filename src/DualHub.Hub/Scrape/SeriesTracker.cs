using DualHub.Hub.SampleLog;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Remembers the series a target exposed in its last successful scrape, to write staleness markers for series that
/// disappear or when the target goes down. A series is known by the wire bytes of its labels, kept in one arena
/// (no object per series). Targets expose their series in the same order scrape after scrape, so each sample is
/// first compared with the previous scrape's hash at the same position; only when the order or the set changes
/// are the dictionary and a set of this scrape's hashes consulted.
/// </summary>
internal sealed class SeriesTracker
{
    private readonly Dictionary<ulong, (int Offset, int Length)> _series = [];
    private byte[] _arena = new byte[64 * 1024];
    private int _arenaUsed;
    private int _arenaDead;
    private ulong[] _previous = [];
    private ulong[] _current = new ulong[1024];
    private int _previousCount;
    private int _count;
    private bool _changed;

    public int Count => _series.Count;

    public void BeginScrape()
    {
        _count = 0;
        _changed = false;
    }

    /// <summary>Marks the series with these wire-encoded labels seen in this scrape; true when it is new.</summary>
    public bool Observe(ReadOnlySpan<byte> labels)
    {
        var hash = Hash(labels);
        if (_count == _current.Length)
        {
            Array.Resize(ref _current, _current.Length * 2);
        }

        var position = _count++;
        _current[position] = hash;
        if (position < _previousCount && _previous[position] == hash)
        {
            return false;
        }

        _changed = true;
        if (_series.ContainsKey(hash))
        {
            return false;
        }

        if (_arenaUsed + labels.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + labels.Length));
        }

        labels.CopyTo(_arena.AsSpan(_arenaUsed));
        _series[hash] = (_arenaUsed, labels.Length);
        _arenaUsed += labels.Length;
        return true;
    }

    /// <summary>
    /// Ends a scrape: writes a stale marker for every known series not seen in it (all of them when
    /// <paramref name="all"/>, for a failed scrape) and forgets them. Returns how many were written.
    /// </summary>
    public int WriteStale(SampleBatchBuilder batch, long timestampMs, bool all)
    {
        var n = 0;
        if (all)
        {
            foreach (var (offset, length) in _series.Values)
            {
                batch.AddEncodedLabels(_arena.AsSpan(offset, length), timestampMs, StaleMarker.Value);
                n++;
            }

            _series.Clear();
            _arenaUsed = _arenaDead = 0;
            _count = 0;
        }
        else if (_changed || _count != _previousCount)
        {
            var seen = new HashSet<ulong>(_current.AsSpan(0, _count).ToArray());
            foreach (var (hash, (offset, length)) in _series)
            {
                if (!seen.Contains(hash))
                {
                    batch.AddEncodedLabels(_arena.AsSpan(offset, length), timestampMs, StaleMarker.Value);
                    _series.Remove(hash);
                    _arenaDead += length;
                    n++;
                }
            }

            if (_arenaDead > _arenaUsed / 2)
            {
                Compact();
            }
        }

        (_previous, _current) = (_current, _previous.Length >= _current.Length ? _previous : new ulong[_current.Length]);
        _previousCount = _count;
        return n;
    }

    internal static ulong Hash(ReadOnlySpan<byte> labels)
    {
        // Two xxHash32 streams (HashCode) with different salts make a 64-bit key.
        var h1 = default(HashCode);
        var h2 = default(HashCode);
        h2.Add(0x5bd1e995);
        h1.AddBytes(labels);
        h2.AddBytes(labels);
        return ((ulong)(uint)h1.ToHashCode() << 32) | (uint)h2.ToHashCode();
    }

    private void Compact()
    {
        var fresh = new byte[Math.Max(64 * 1024, _arenaUsed - _arenaDead)];
        var used = 0;
        foreach (var hash in _series.Keys.ToArray())
        {
            var (offset, length) = _series[hash];
            _arena.AsSpan(offset, length).CopyTo(fresh.AsSpan(used));
            _series[hash] = (used, length);
            used += length;
        }

        _arena = fresh;
        _arenaUsed = used;
        _arenaDead = 0;
    }
}
