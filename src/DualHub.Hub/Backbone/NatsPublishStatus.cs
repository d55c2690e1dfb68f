namespace DualHub.Hub.Backbone;

/// <summary>A snapshot of the NATS publishing upstream for <c>/health</c> and self-metrics.</summary>
public sealed record NatsPublishStatus(
    string Node,
    string Subject,
    string State,
    long PendingSamples,
    long PendingRecords,
    double LagSeconds,
    long MessagesPublished,
    long SamplesPublished,
    long Duplicates,
    long Failures,
    long SamplesDropped,
    long SamplesDroppedByRetention,
    string? LastError);
