namespace DualHub.Hub.Forwarding;

/// <summary>Capped exponential backoff with equal jitter: each delay lies in [b/2, b], b doubling up to the cap.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;
    private TimeSpan _current;

    public Backoff(TimeSpan min, TimeSpan max, Func<double>? random = null)
    {
        _min = min;
        _max = max;
        _random = random ?? Random.Shared.NextDouble;
        _current = min;
    }

    /// <summary>The next delay; the ceiling doubles after each call.</summary>
    public TimeSpan Next()
    {
        var b = _current;
        _current = TimeSpan.FromTicks(Math.Min(_max.Ticks, b.Ticks * 2));
        return TimeSpan.FromTicks((long)(b.Ticks * (0.5 + (0.5 * _random()))));
    }

    public void Reset() => _current = _min;
}
