namespace DualHub.Client.Events;

/// <summary>The agent moved to another hub: a failover (to a lower-priority hub, or to none) or a fail-back.</summary>
public sealed class HubChangedEventArgs : EventArgs
{
    /// <summary>Creates the event.</summary>
    public HubChangedEventArgs(string? fromHub, Uri? fromUrl, string? toHub, Uri? toUrl, string reason, DateTimeOffset at, long sequence, bool isFailover)
    {
        FromHub = fromHub;
        FromUrl = fromUrl;
        ToHub = toHub;
        ToUrl = toUrl;
        Reason = reason;
        At = at;
        Sequence = sequence;
        IsFailover = isFailover;
    }

    /// <summary>Name of the hub left; null when no hub was usable before.</summary>
    public string? FromHub { get; }

    /// <summary>URL of the hub left.</summary>
    public Uri? FromUrl { get; }

    /// <summary>Name of the hub now used; null when none is (batches are spooled).</summary>
    public string? ToHub { get; }

    /// <summary>URL of the hub now used.</summary>
    public Uri? ToUrl { get; }

    /// <summary>Why (the failing push or probe, or the recovery).</summary>
    public string Reason { get; }

    /// <summary>When the switch was decided (agent's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset At { get; }

    /// <summary>Sequence of the batch being delivered at the switch (0 when decided by a probe).</summary>
    public long Sequence { get; }

    /// <summary>True for a failover, false for a fail-back.</summary>
    public bool IsFailover { get; }
}
