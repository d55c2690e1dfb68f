namespace DualHub.Nats.Messaging;

/// <summary>
/// Reads a durable, explicit-ack consumer: each message is acked only after the caller's commit callback completed
/// (e.g. the hub's journal commit). A callback that throws naks the message (redelivered later) and the exception
/// propagates: the caller decides whether to go on.
/// </summary>
public interface IDurableConsumer
{
    /// <summary>One pull of up to <paramref name="maxMessages"/>, waiting up to <paramref name="expires"/>; returns how many were committed.</summary>
    Task<int> FetchAsync(int maxMessages, TimeSpan expires, Func<ObservabilityMessage, CancellationToken, ValueTask> commit, CancellationToken ct = default);

    /// <summary>Pulls continuously until <paramref name="ct"/> is cancelled.</summary>
    Task ConsumeAsync(Func<ObservabilityMessage, CancellationToken, ValueTask> commit, CancellationToken ct);
}
