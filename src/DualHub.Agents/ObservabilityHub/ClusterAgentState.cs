namespace DualHub.Agents.ObservabilityHub;

/// <summary>The last health report of one agent read from the health stream.</summary>
internal sealed record ClusterAgentState(
    string Node,
    string Agent,
    string Status,
    string? ActiveHub,
    int ActiveHubIndex,
    long? SpoolBatches,
    long? Failovers,
    DateTimeOffset ReportedAt,
    string Subject,
    ulong StreamSequence);
