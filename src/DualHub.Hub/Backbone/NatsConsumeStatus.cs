namespace DualHub.Hub.Backbone;

/// <summary>A snapshot of the central durable consumer for <c>/health</c> and self-metrics.</summary>
public sealed record NatsConsumeStatus(
    string Stream,
    string Consumer,
    string State,
    long MessagesConsumed,
    long SamplesConsumed,
    long MessagesDropped,
    long ChecksSkipped,
    long Failures,
    string? LastError);
