namespace DualHub.Nats.Messaging;

/// <summary>
/// One stored message handed to a commit callback. <see cref="Data"/> is valid only during the callback
/// (its buffer is pooled); copy what must outlive it.
/// </summary>
public readonly record struct ObservabilityMessage(
    string Subject,
    ReadOnlyMemory<byte> Data,
    string? MsgId,
    ulong StreamSequence,
    ulong NumDelivered,
    DateTimeOffset Timestamp)
{
    /// <summary>Last subject token: the publishing node for metrics and health, the severity for alerts.</summary>
    public string Node => NatsSubjects.LastToken(Subject);

    /// <summary>True for probe messages of <c>dualhub up --check</c> (header <c>Dualhub-Check: 1</c>): consumers skip them.</summary>
    public bool IsCheck { get; init; }
}
