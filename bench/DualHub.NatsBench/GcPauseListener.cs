using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace DualHub.NatsBench;

/// <summary>Records every GC pause of this process (runtime events SuspendEEBegin .. RestartEEEnd) as Stopwatch timestamps.</summary>
internal sealed class GcPauseListener : EventListener
{
    private const int SuspendBegin = 9;
    private const int RestartEnd = 3;
    private readonly Lock _lock = new();
    private readonly List<(long Start, long End, int Generation)> _pauses = [];
    private readonly long _anchorTicks = Stopwatch.GetTimestamp();
    private readonly DateTime _anchorUtc = TimeProvider.System.GetUtcNow().UtcDateTime;
    private long _pauseStart;
    private int _generation = -1;

    public IReadOnlyList<(long Start, long End, int Generation)> Pauses
    {
        get
        {
            lock (_lock)
            {
                return [.. _pauses];
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var at = _anchorTicks + (long)((eventData.TimeStamp.ToUniversalTime() - _anchorUtc).TotalSeconds * Stopwatch.Frequency);
        lock (_lock)
        {
            if (eventData.EventId == 1 && eventData.Payload is { Count: > 1 } p && p[1] is uint depth)
            {
                _generation = (int)depth;
            }
            else if (eventData.EventId == SuspendBegin)
            {
                _pauseStart = at;
            }
            else if (eventData.EventId == RestartEnd && _pauseStart != 0)
            {
                _pauses.Add((_pauseStart, at, _generation));
                _pauseStart = 0;
            }
        }
    }
}
