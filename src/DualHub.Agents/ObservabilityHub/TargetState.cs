namespace DualHub.Agents.ObservabilityHub;

/// <summary>Result of the last poll of one target. Agent fields come from its <c>/health</c> JSON when it has one.</summary>
internal sealed record TargetState(
    WatchTarget Target,
    bool Up,
    int HttpStatus,
    TimeSpan Latency,
    DateTimeOffset CheckedAt,
    string? Error,
    string? Status = null,
    string? ActiveHub = null,
    int? ActiveHubIndex = null,
    long? SpoolBatches = null,
    long? Failovers = null);
