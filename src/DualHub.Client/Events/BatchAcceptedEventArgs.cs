namespace DualHub.Client.Events;

/// <summary>A hub accepted a batch (new, re-sent after a failover, or from the spool).</summary>
public sealed class BatchAcceptedEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public BatchAcceptedEventArgs(int hubIndex, string hub, Uri url, long sequence, int attempts, bool fromSpool, DateTimeOffset firstAttemptAt, DateTimeOffset at)
    {
        HubIndex = hubIndex;
        Hub = hub;
        Url = url;
        Sequence = sequence;
        Attempts = attempts;
        FromSpool = fromSpool;
        FirstAttemptAt = firstAttemptAt;
        At = at;
    }

    /// <summary>Priority of the hub (0 = primary).</summary>
    public int HubIndex { get; }

    /// <summary>Hub name.</summary>
    public string Hub { get; }

    /// <summary>Hub URL.</summary>
    public Uri Url { get; }

    /// <summary>The batch's <c>dualhub_push_sequence</c>.</summary>
    public long Sequence { get; }

    /// <summary>Attempts this delivery took, over all hubs.</summary>
    public int Attempts { get; }

    /// <summary>True when the batch came out of the spool.</summary>
    public bool FromSpool { get; }

    /// <summary>When the first attempt of this delivery started: <c>At - FirstAttemptAt</c> is the failover time of a re-sent batch.</summary>
    public DateTimeOffset FirstAttemptAt { get; }

    /// <summary>When the hub answered 2xx.</summary>
    public DateTimeOffset At { get; }
}
