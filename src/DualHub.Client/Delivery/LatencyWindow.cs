namespace DualHub.Client.Delivery;

/// <summary>The last N latencies of one hub (a ring) and a nearest-rank percentile over them. Not thread-safe.</summary>
internal sealed class LatencyWindow(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private readonly long[] _sorted = new long[capacity];
    private int _next;

    public int Count { get; private set; }

    public void Add(TimeSpan latency)
    {
        _ticks[_next] = Math.Max(0, latency.Ticks);
        _next = (_next + 1) % _ticks.Length;
        Count = Math.Min(Count + 1, _ticks.Length);
    }

    /// <summary>Nearest rank: the smallest latency with at least <paramref name="percent"/> % of the window at or below it.</summary>
    public TimeSpan Percentile(double percent)
    {
        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        Array.Copy(_ticks, _sorted, Count);
        Array.Sort(_sorted, 0, Count);
        var rank = (int)Math.Ceiling(percent / 100.0 * Count);
        return TimeSpan.FromTicks(_sorted[Math.Clamp(rank, 1, Count) - 1]);
    }
}
