using System.Text.Json;

namespace DualHub.Hub.WebConsole.History;

/// <summary>
/// The console's last hour in memory: one point per <see cref="Interval"/> for each named series (lag, backlog, push
/// rate, NATS round trip), plus event markers (failovers). Thread-safe; a series that appears later is empty before, and
/// one without a value for the whole hour is dropped (series come and go with agents: the ring must not keep them all).
/// </summary>
internal sealed class ConsoleHistory
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public const int Capacity = 360;

    private const int MaxMarkers = 200;

    private readonly Lock _gate = new();
    private readonly long[] _times = new long[Capacity];
    private readonly Dictionary<string, double[]> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastValueAt = new(StringComparer.Ordinal);
    private readonly List<string> _expired = [];
    private readonly List<HistoryMarker> _markers = [];
    private int _count;
    private int _head;
    private long _added;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>How many series the ring holds.</summary>
    public int SeriesCount
    {
        get
        {
            lock (_gate)
            {
                return _series.Count;
            }
        }
    }

    /// <summary>Adds one point at <paramref name="unixSeconds"/>; series not in <paramref name="values"/> get no value.</summary>
    public void Add(long unixSeconds, IReadOnlyDictionary<string, double> values)
    {
        lock (_gate)
        {
            var slot = (_head + _count) % Capacity;
            if (_count == Capacity)
            {
                slot = _head;
                _head = (_head + 1) % Capacity;
            }
            else
            {
                _count++;
            }

            _times[slot] = unixSeconds;
            _added++;
            foreach (var (name, ring) in _series)
            {
                ring[slot] = double.NaN;
                if (_added - _lastValueAt[name] >= Capacity)
                {
                    _expired.Add(name);
                }
            }

            foreach (var name in _expired)
            {
                _series.Remove(name);
                _lastValueAt.Remove(name);
            }

            _expired.Clear();

            foreach (var (name, value) in values)
            {
                if (!_series.TryGetValue(name, out var ring))
                {
                    ring = new double[Capacity];
                    Array.Fill(ring, double.NaN);
                    _series[name] = ring;
                }

                ring[slot] = value;
                _lastValueAt[name] = _added;
            }
        }
    }

    public void Mark(long unixSeconds, string text)
    {
        lock (_gate)
        {
            _markers.Add(new HistoryMarker(unixSeconds, text));
            var cutoff = unixSeconds - (long)(Interval.TotalSeconds * Capacity);
            _markers.RemoveAll(m => m.UnixSeconds < cutoff);
            if (_markers.Count > MaxMarkers)
            {
                _markers.RemoveRange(0, _markers.Count - MaxMarkers);
            }
        }
    }

    public IReadOnlyList<HistoryMarker> Markers()
    {
        lock (_gate)
        {
            return [.. _markers];
        }
    }

    /// <summary>The ring as <see cref="HistoryJson"/> with source <c>memory</c>; <paramref name="storeError"/> says why not the store.</summary>
    public void WriteJson(Utf8JsonWriter w, string? storeError = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        long[] times;
        List<KeyValuePair<string, double[]>> series;
        HistoryMarker[] markers;
        lock (_gate)
        {
            times = new long[_count];
            for (var i = 0; i < _count; i++)
            {
                times[i] = _times[(_head + i) % Capacity];
            }

            series = [.. _series.Select(s => KeyValuePair.Create(s.Key, Linear(s.Value)))];
            markers = [.. _markers];
        }

        HistoryJson.Write(w, HistoryJson.Memory, storeError, Interval.TotalSeconds, times, series, markers);
    }

    /// <summary>
    /// The series named <paramref name="prefix"/>... on another time axis (the store's): at each of <paramref name="grid"/>
    /// the newest point within the <paramref name="step"/> seconds before it, NaN where there is none.
    /// </summary>
    public Dictionary<string, double[]> OnGrid(string prefix, IReadOnlyList<long> grid, long step)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (name, ring) in _series.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var values = new double[grid.Count];
                Array.Fill(values, double.NaN);
                for (var i = 0; i < _count; i++)
                {
                    var slot = (_head + i) % Capacity;
                    var g = (int)Math.Ceiling((double)(_times[slot] - grid[0]) / step);
                    if (g >= 0 && g < grid.Count && double.IsFinite(ring[slot]))
                    {
                        values[g] = ring[slot];
                    }
                }

                result[name] = values;
            }
        }

        return result;
    }

    private double[] Linear(double[] ring)
    {
        var values = new double[_count];
        for (var i = 0; i < _count; i++)
        {
            values[i] = ring[(_head + i) % Capacity];
        }

        return values;
    }
}
