using System.Text.Json;

namespace DualHub.Hub.WebConsole.History;

/// <summary>
/// The console's last hour in memory: one point per <see cref="Interval"/> for each named series (lag, backlog, push
/// rate, NATS round trip), plus event markers (failovers). Thread-safe; a series that appears later is empty before.
/// </summary>
internal sealed class ConsoleHistory
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public const int Capacity = 360;

    private const int MaxMarkers = 200;

    private readonly Lock _gate = new();
    private readonly long[] _times = new long[Capacity];
    private readonly Dictionary<string, double[]> _series = new(StringComparer.Ordinal);
    private readonly List<HistoryMarker> _markers = [];
    private int _count;
    private int _head;

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
            foreach (var s in _series.Values)
            {
                s[slot] = double.NaN;
            }

            foreach (var (name, value) in values)
            {
                if (!_series.TryGetValue(name, out var ring))
                {
                    ring = new double[Capacity];
                    Array.Fill(ring, double.NaN);
                    _series[name] = ring;
                }

                ring[slot] = value;
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

    /// <summary><c>{"interval":10,"t":[...],"series":{"name":[v|null,...]},"markers":[{"t":..,"text":..}]}</c>.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        lock (_gate)
        {
            w.WriteStartObject();
            w.WriteNumber("interval", Interval.TotalSeconds);
            w.WriteStartArray("t");
            for (var i = 0; i < _count; i++)
            {
                w.WriteNumberValue(_times[(_head + i) % Capacity]);
            }

            w.WriteEndArray();
            w.WriteStartObject("series");
            foreach (var (name, ring) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                w.WriteStartArray(name);
                for (var i = 0; i < _count; i++)
                {
                    var v = ring[(_head + i) % Capacity];
                    if (double.IsFinite(v))
                    {
                        w.WriteNumberValue(Math.Round(v, 4));
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteStartArray("markers");
            foreach (var m in _markers)
            {
                w.WriteStartObject();
                w.WriteNumber("t", m.UnixSeconds);
                w.WriteString("text", m.Text);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }
}
