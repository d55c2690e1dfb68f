namespace DualHub.Hub.Scrape;

/// <summary>
/// A scrape's samples held until its whole body parsed: the values in one array (8 bytes a sample); the series as runs
/// of consecutive series numbers (a target exposes its series in the order they were first seen, so a scrape is
/// mostly one run); a timestamp only for the samples whose own timestamp is not the scrape's (honor_timestamps with
/// a timestamp on the line).
/// </summary>
internal sealed class PendingSamples
{
    private const int MinCapacity = 1024;
    private double[] _values = new double[MinCapacity];
    private int[] _runAt = new int[16];
    private int[] _runSeries = new int[16];
    private int[] _timestampAt = new int[16];
    private long[] _timestamps = new long[16];
    private int _count;
    private int _runCount;
    private int _timestampCount;
    private int _lastSeries = -2;
    private int _read;
    private int _runRead;
    private int _timestampRead;

    /// <summary>The read position of the next run start or own timestamp; before it, series just count up.</summary>
    private int _nextEvent;
    private int _nextSeries;

    public int Count => _count;

    public bool HasMore => _read < _count;

    /// <summary>Bytes of arrays allocated anew (growth, trimming).</summary>
    public long ReallocatedBytes { get; private set; }

    public void Clear()
    {
        _count = _runCount = _timestampCount = _read = _runRead = _timestampRead = _nextEvent = _nextSeries = 0;
        _lastSeries = -2;
    }

    public void Add(int series, double value, long timestampMs, long scrapeTimestampMs)
    {
        var values = _values;
        var count = _count;
        if ((uint)count < (uint)values.Length && series == _lastSeries + 1 && timestampMs == scrapeTimestampMs)
        {
            // The common case, kept small enough to inline: the next series of the run, at the scrape's timestamp.
            values[count] = value;
            _count = count + 1;
            _lastSeries = series;
            return;
        }

        AddSlow(series, value, timestampMs, scrapeTimestampMs);
    }

    /// <summary>The next sample in the order added.</summary>
    public int Next(long scrapeTimestampMs, out long timestampMs, out double value)
    {
        var i = _read++;
        value = _values[i];
        if (i < _nextEvent)
        {
            // Within a run and before the next own timestamp: the common case, kept small enough to inline.
            timestampMs = scrapeTimestampMs;
            return _nextSeries++;
        }

        return NextSlow(i, scrapeTimestampMs, out timestampMs);
    }

    /// <summary>After a scrape that grew the arrays by doubling (and was cleared): keeps room for about its samples only.</summary>
    public void Trim(int samples)
    {
        var size = Math.Max(MinCapacity, samples + (samples / 16));
        if (_values.Length > size + (samples / 16))
        {
            Array.Resize(ref _values, size);
            ReallocatedBytes += size * 8L;
        }

        if (_runAt.Length > 1024 && _runCount < _runAt.Length / 4)
        {
            _runAt = new int[Math.Max(16, _runCount)];
            Array.Resize(ref _runSeries, _runAt.Length);
        }

        if (_timestamps.Length > 1024 && _timestampCount < _timestamps.Length / 4)
        {
            _timestampAt = new int[16];
            _timestamps = new long[16];
        }
    }

    private int NextSlow(int i, long scrapeTimestampMs, out long timestampMs)
    {
        if (_runRead + 1 < _runCount && _runAt[_runRead + 1] == i)
        {
            _runRead++;
        }

        timestampMs = _timestampRead < _timestampCount && _timestampAt[_timestampRead] == i ? _timestamps[_timestampRead++] : scrapeTimestampMs;
        var series = _runSeries[_runRead] + (i - _runAt[_runRead]);
        _nextSeries = series + 1;
        _nextEvent = Math.Min(
            _runRead + 1 < _runCount ? _runAt[_runRead + 1] : int.MaxValue,
            _timestampRead < _timestampCount ? _timestampAt[_timestampRead] : int.MaxValue);
        return series;
    }

    private void AddSlow(int series, double value, long timestampMs, long scrapeTimestampMs)
    {
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _count * 2);
            ReallocatedBytes += _count * 16L;
        }

        if (series != _lastSeries + 1)
        {
            AddAt(ref _runAt, ref _runSeries, ref _runCount, series);
        }

        if (timestampMs != scrapeTimestampMs)
        {
            AddAt(ref _timestampAt, ref _timestamps, ref _timestampCount, timestampMs);
        }

        _lastSeries = series;
        _values[_count++] = value;
    }

    /// <summary>Notes <paramref name="value"/> at the next sample's position in a sparse list.</summary>
    private void AddAt<T>(ref int[] at, ref T[] values, ref int count, T value)
    {
        if (count == at.Length)
        {
            Array.Resize(ref at, count * 2);
            Array.Resize(ref values, count * 2);
            ReallocatedBytes += count * 16L;
        }

        at[count] = _count;
        values[count++] = value;
    }
}
