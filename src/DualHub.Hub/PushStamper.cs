namespace DualHub.Hub;

/// <summary>
/// The timestamp of an accepted push's samples. A push with the agent's batch time (<c>X-DualHub-Batch-Time</c>) gets
/// that time, so the same batch committed by two hubs (an answer lost, the batch re-sent to the other hub) is the very
/// same sample at CentralHub, which drops the second copy as a duplicate. A push without one gets its accept time, one
/// millisecond after the previous such push at the least, so every push is its own sample whatever the arrival rate.
/// Either way a group's timestamps never go back: a batch time older than the group's last stamp (an agent's clock
/// stepped back) is stamped like a push without one. Callers serialise (the pipeline's push gate).
/// </summary>
internal sealed class PushStamper(TimeProvider time)
{
    /// <summary>A batch time further ahead of this hub's clock is not believed (a wrong clock), the accept time is used.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(10);

    // Bounded: beyond this many groups the memory is dropped and only the current push's group starts it again (the
    // only loss is the clock-stepped-back guard for groups that are not pushing right then).
    private const int MaxGroups = 100_000;

    private readonly Dictionary<string, long> _lastByGroup = new(StringComparer.Ordinal);
    private long _lastAcceptMs = long.MinValue;

    public long Stamp(string groupKey, long batchTimeMs)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var last = _lastByGroup.TryGetValue(groupKey, out var l) ? l : long.MinValue;
        long stamp;
        if (batchTimeMs > 0 && batchTimeMs >= last && batchTimeMs <= now + (long)FutureTolerance.TotalMilliseconds)
        {
            stamp = batchTimeMs; // equal to the last stamp: the same batch again, the same sample again
        }
        else
        {
            stamp = Math.Max(Math.Max(now, _lastAcceptMs + 1), last == long.MinValue ? long.MinValue : last + 1);
            _lastAcceptMs = stamp;
        }

        if (_lastByGroup.Count >= MaxGroups && last == long.MinValue)
        {
            _lastByGroup.Clear();
        }

        _lastByGroup[groupKey] = stamp;
        return stamp;
    }
}
