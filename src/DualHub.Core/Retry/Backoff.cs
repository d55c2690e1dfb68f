namespace DualHub.Core.Retry;

/// <summary>
/// Capped exponential backoff: the delay at level n is <c>initial x multiplier^n</c>, capped at <c>max</c>, optionally
/// with equal jitter (each delay drawn from [max(d/2, initial), d], so never below the configured minimum nor above
/// the cap). <see cref="Delay"/> is pure; <see cref="Next"/> and
/// <see cref="Reset"/> keep the level for a retry loop. The delays are handed to <c>Task.Delay(delay, timeProvider)</c>.
/// </summary>
public sealed class Backoff
{
    // Past 2^64 every multiplier of 2 or more is beyond any TimeSpan, and the power stays finite for any multiplier.
    private const int MaxLevel = 64;

    private readonly Func<double>? _random;
    private int _level;

    /// <param name="initial">Delay at level 0.</param>
    /// <param name="max">Cap of every delay.</param>
    /// <param name="multiplier">Growth per level (at least 1; default 2).</param>
    /// <param name="equalJitter">Whether <see cref="Next"/> draws each delay from [max(d/2, initial), d].</param>
    /// <param name="random">Source of [0, 1) for the jitter; default <see cref="Random.Shared"/>.</param>
    public Backoff(TimeSpan initial, TimeSpan max, double multiplier = 2, bool equalJitter = false, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, TimeSpan.Zero);
        if (!(multiplier >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "must be at least 1");
        }

        Initial = initial;
        Max = max;
        Multiplier = multiplier;
        _random = equalJitter ? random ?? Random.Shared.NextDouble : null;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    public double Multiplier { get; }

    /// <summary>The delay at <paramref name="level"/> (0 = the first), without jitter: initial x multiplier^level, capped at max.</summary>
    public TimeSpan Delay(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        var ticks = Initial.Ticks * Math.Pow(Multiplier, Math.Min(level, MaxLevel));
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The delay at the current level (jittered when so configured); the level then rises by one.</summary>
    public TimeSpan Next()
    {
        var d = Delay(_level);
        _level = Math.Min(_level + 1, MaxLevel);
        if (_random is null)
        {
            return d;
        }

        // A jittered delay below initial would retry sooner than min_backoff promises; d is never below
        // min(initial, max), so the floor never passes d.
        var floor = Math.Max(d.Ticks / 2, Math.Min(Initial.Ticks, Max.Ticks));
        var r = Math.Clamp(_random(), 0, 1);
        return TimeSpan.FromTicks(floor + (long)((d.Ticks - floor) * r));
    }

    /// <summary>Back to level 0, after a success.</summary>
    public void Reset() => _level = 0;
}
