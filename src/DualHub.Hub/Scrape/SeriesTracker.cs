using System.Runtime.InteropServices;
using DualHub.Metrics.RemoteWrite;
using DualHub.Hub.SampleLog;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Remembers the series a target exposed in its last successful scrape, to write staleness markers for series that
/// disappear or when the target goes down. Targets expose their series in the same order scrape after scrape, so
/// each sample is first compared with the previous scrape's hash at the same position; only when the order or the
/// set changes are the dictionary (labels of every known series) and a set of this scrape's hashes consulted.
/// </summary>
internal sealed class SeriesTracker
{
    private readonly Dictionary<ulong, Entry> _series = [];
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

    /// <summary>Marks the series seen in this scrape; true when it is new.</summary>
    public bool Observe(string name, ReadOnlySpan<Label> labels)
    {
        var hash = Hash(name, labels);
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

        _series[hash] = new Entry(name, labels.ToArray());
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
            foreach (var entry in _series.Values)
            {
                batch.Add(entry.Name, entry.Labels, timestampMs, StaleMarker.Value);
                n++;
            }

            _series.Clear();
            _count = 0;
        }
        else if (_changed || _count != _previousCount)
        {
            var seen = new HashSet<ulong>(_current.AsSpan(0, _count).ToArray());
            foreach (var (hash, entry) in _series)
            {
                if (!seen.Contains(hash))
                {
                    batch.Add(entry.Name, entry.Labels, timestampMs, StaleMarker.Value);
                    _series.Remove(hash);
                    n++;
                }
            }
        }

        (_previous, _current) = (_current, _previous.Length >= _current.Length ? _previous : new ulong[_current.Length]);
        _previousCount = _count;
        return n;
    }

    internal static ulong Hash(string name, ReadOnlySpan<Label> labels)
    {
        // Two xxHash32 streams (HashCode) with different salts make a 64-bit key; vectorised over the UTF-16 bytes.
        var h1 = default(HashCode);
        var h2 = default(HashCode);
        h2.Add(0x5bd1e995);
        h1.AddBytes(MemoryMarshal.AsBytes(name.AsSpan()));
        h2.AddBytes(MemoryMarshal.AsBytes(name.AsSpan()));
        foreach (var l in labels)
        {
            h1.Add(-1);
            h2.Add(-1);
            h1.AddBytes(MemoryMarshal.AsBytes(l.Name.AsSpan()));
            h2.AddBytes(MemoryMarshal.AsBytes(l.Name.AsSpan()));
            h1.Add(-2);
            h2.Add(-2);
            h1.AddBytes(MemoryMarshal.AsBytes(l.Value.AsSpan()));
            h2.AddBytes(MemoryMarshal.AsBytes(l.Value.AsSpan()));
        }

        return ((ulong)(uint)h1.ToHashCode() << 32) | (uint)h2.ToHashCode();
    }

    private sealed class Entry(string name, Label[] labels)
    {
        public string Name { get; } = name;

        public Label[] Labels { get; } = labels;
    }
}
