namespace DualHub.Hub.Forwarding;

/// <summary>A snapshot of one upstream for <c>/health</c> and self-metrics.</summary>
public sealed record UpstreamStatus(
    string Name,
    string Url,
    UpstreamState State,
    long PendingSamples,
    long PendingRecords,
    double LagSeconds,
    string? LastError,
    long SamplesSent,
    long SamplesFailed,
    long SamplesRetried,
    long SamplesDropped,
    long SamplesDroppedByRetention,
    long Requests);
