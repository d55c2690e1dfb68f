namespace DualHub.Cli.Checkpoints;

/// <summary>
/// What the rollback drill measured: the rollback command's exit code and time, the time until every agent pushed to
/// CentralHub again, what EdgeHub and CentralHub received afterwards, the sequences missing from CentralHub's journal,
/// and the agents' resource use on their dual-hub and their Phase 1 config.
/// </summary>
internal sealed record RollbackResult(
    int ExitCode,
    TimeSpan Command,
    TimeSpan? BackOnCentral,
    long PushesToEdgeAfter,
    long PushesToCentralAfter,
    long Checked,
    long Missing,
    UsageWindow? DualHub,
    UsageWindow? Phase1);
