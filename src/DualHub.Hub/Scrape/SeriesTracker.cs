using DualHub.Metrics.RemoteWrite;
using DualHub.Hub.SampleLog;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Remembers the series a target exposed in its last successful scrape (keyed by a 64-bit hash, so a known series
/// costs no allocation), to write staleness markers for series that disappear or when the target goes down.
/// </summary>
internal sealed class SeriesTracker
{
    private readonly Dictionary<ulong, Entry> _series = [];
    private int _generation;

    public int Count => _series.Count;

    public void BeginScrape() => _generation++;

    /// <summary>Marks the series seen in this scrape; true when it is new.</summary>
    public bool Observe(string name, ReadOnlySpan<Label> labels)
    {
        var hash = Hash(name, labels);
        if (_series.TryGetValue(hash, out var entry))
        {
            entry.Generation = _generation;
            return false;
        }

        _series[hash] = new Entry(name, labels.ToArray()) { Generation = _generation };
        return true;
    }

    /// <summary>Writes a stale marker for every series not seen in this scrape and forgets it.</summary>
    public int WriteStale(SampleBatchBuilder batch, long timestampMs, bool all)
    {
        var n = 0;
        foreach (var (hash, entry) in _series)
        {
            if (all || entry.Generation != _generation)
            {
                batch.Add(entry.Name, entry.Labels, timestampMs, StaleMarker.Value);
                _series.Remove(hash);
                n++;
            }
        }

        return n;
    }

    internal static ulong Hash(string name, ReadOnlySpan<Label> labels)
    {
        const ulong prime = 1099511628211;
        var h = 14695981039346656037UL;
        foreach (var c in name)
        {
            h = (h ^ c) * prime;
        }

        foreach (var l in labels)
        {
            h = (h ^ 0xFFFF) * prime;
            foreach (var c in l.Name)
            {
                h = (h ^ c) * prime;
            }

            h = (h ^ 0xFFFE) * prime;
            foreach (var c in l.Value)
            {
                h = (h ^ c) * prime;
            }
        }

        return h;
    }

    private sealed class Entry(string name, Label[] labels)
    {
        public string Name { get; } = name;

        public Label[] Labels { get; } = labels;

        public int Generation { get; set; }
    }
}
