namespace DualHub.Client.Delivery;

/// <summary>How a hub answered one push.</summary>
internal enum PushStatus
{
    /// <summary>2xx.</summary>
    Accepted,

    /// <summary>The hub refused the body itself (400, 413, 415, 422): re-sending it anywhere would not help.</summary>
    Rejected,

    /// <summary>Refused connection, timeout, 5xx or another status: a passive health failure.</summary>
    Failed,
}
