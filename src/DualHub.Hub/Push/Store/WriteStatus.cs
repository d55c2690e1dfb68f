namespace DualHub.Hub.Push.Store;

public enum WriteStatus
{
    /// <summary>Applied and durable.</summary>
    Ok,

    /// <summary>Refused by the consistency check; the failure time was recorded (durably).</summary>
    Inconsistent,

    /// <summary>Refused by the store's series limit; nothing changed.</summary>
    TooManySeries,

    /// <summary>The journal could not commit; the hub stops accepting writes.</summary>
    Unavailable,
}
