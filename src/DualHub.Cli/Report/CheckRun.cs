using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>One run of the validation checkpoints: when, on what deployment, and every result (the results file).</summary>
internal sealed record CheckRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Deployment, IReadOnlyList<CheckResult> Checks)
{
    /// <summary>Why the system did not start (no check ran), or null.</summary>
    public string? StartError { get; init; }
}
