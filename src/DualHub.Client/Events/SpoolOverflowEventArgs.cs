namespace DualHub.Client.Events;

/// <summary>The spool was full: its oldest batches were dropped (lost, and counted in <c>dualhub_client_spool_dropped_total</c>).</summary>
public sealed class SpoolOverflowEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public SpoolOverflowEventArgs(int droppedBatches, long droppedBytes, long firstSequence, long lastSequence, DateTimeOffset at)
    {
        DroppedBatches = droppedBatches;
        DroppedBytes = droppedBytes;
        FirstSequence = firstSequence;
        LastSequence = lastSequence;
        At = at;
    }

    /// <summary>Batches dropped by this overflow.</summary>
    public int DroppedBatches { get; }

    /// <summary>Bytes dropped.</summary>
    public long DroppedBytes { get; }

    /// <summary>First dropped sequence.</summary>
    public long FirstSequence { get; }

    /// <summary>Last dropped sequence.</summary>
    public long LastSequence { get; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; }
}
