namespace DualHub.Nats.Messaging;

/// <summary>The stream's ack: where the message is stored, whether it was a duplicate, how many sends it took.</summary>
public sealed record NatsPublishResult(string Stream, ulong Sequence, bool Duplicate, int Attempts);
