using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Testing;

/// <summary>
/// A fake clock that records the due time of every timer created on it, so a test can wait until a delay is armed
/// before advancing the clock (advanced earlier, the delay would start from the later time and never fire).
/// </summary>
public sealed class TimerRecordingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();

    public int Armed(TimeSpan dueTime) => _dueTimes.Count(d => d == dueTime);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _dueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
