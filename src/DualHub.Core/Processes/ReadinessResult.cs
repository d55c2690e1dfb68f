namespace DualHub.Core.Processes;

/// <summary>
/// How waiting for readiness ended, after <paramref name="Elapsed"/>; <paramref name="LastDetail"/> is the last probe's
/// reason for not being ready, <paramref name="ExitCode"/> the exit code of a process that is no longer running (null
/// when it was never started).
/// </summary>
public readonly record struct ReadinessResult(ReadinessOutcome Outcome, TimeSpan Elapsed, string? LastDetail, int? ExitCode)
{
    public bool IsReady => Outcome == ReadinessOutcome.Ready;
}
