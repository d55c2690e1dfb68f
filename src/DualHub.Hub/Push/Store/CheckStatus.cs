namespace DualHub.Hub.Push.Store;

public enum CheckStatus
{
    Ok,

    /// <summary>400 with the Pushgateway's message; the group's failure time is set.</summary>
    Inconsistent,

    /// <summary>429: the store's series limit; nothing changes.</summary>
    TooManySeries,
}
