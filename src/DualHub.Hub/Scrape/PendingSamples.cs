namespace DualHub.Hub.Scrape;

/// <summary>
/// A scrape's samples held until its whole body parsed: series and value in two arrays (12 bytes a sample), and a
/// timestamp only for the samples whose own timestamp is not the scrape's (honor_timestamps with a timestamp on the line).
/// </summary>
internal sealed class PendingSamples
{
    private const int MinCapacity = 1024;
    private int[] _series = new int[MinCapacity];
    private double[] _values = new double[MinCapacity];
    private int[] _timestampAt = new int[16];
    private long[] _timestamps = new long[16];
    private int _count;
    private int _timestampCount;
    private int _read;
    private int _timestampRead;

    public int Count => _count;

    public bool HasMore => _read < _count;

    /// <summary>Bytes of arrays allocated anew (growth, trimming).</summary>
    public long ReallocatedBytes { get; private set; }

    public void Clear() => _count = _timestampCount = _read = _timestampRead = 0;

    public void Add(int series, double value, long timestampMs, long scrapeTimestampMs)
    {
        if (_count == _series.Length)
        {
            Resize(_count * 2);
        }

        if (timestampMs != scrapeTimestampMs)
        {
            if (_timestampCount == _timestamps.Length)
            {
                Array.Resize(ref _timestampAt, _timestampCount * 2);
                Array.Resize(ref _timestamps, _timestampCount * 2);
                ReallocatedBytes += _timestampCount * 24L;
            }

            _timestampAt[_timestampCount] = _count;
            _timestamps[_timestampCount++] = timestampMs;
        }

        _series[_count] = series;
        _values[_count++] = value;
    }

    /// <summary>The next sample in the order added.</summary>
    public int Next(long scrapeTimestampMs, out long timestampMs, out double value)
    {
        var i = _read++;
        timestampMs = _timestampRead < _timestampCount && _timestampAt[_timestampRead] == i ? _timestamps[_timestampRead++] : scrapeTimestampMs;
        value = _values[i];
        return _series[i];
    }

    /// <summary>After a scrape that grew the arrays by doubling: keeps room for about this scrape's samples only.</summary>
    public void Trim(int samples)
    {
        var size = Math.Max(MinCapacity, samples + (samples / 16));
        if (_series.Length > size + (size / 8))
        {
            Resize(size);
        }

        if (_timestamps.Length > 1024 && _timestampCount < _timestamps.Length / 4)
        {
            _timestampAt = new int[16];
            _timestamps = new long[16];
        }
    }

    private void Resize(int size)
    {
        Array.Resize(ref _series, size);
        Array.Resize(ref _values, size);
        ReallocatedBytes += size * 12L;
    }
}
