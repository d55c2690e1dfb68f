using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>A criterion decided from a run: its status, the check results that decided it and why, in words.</summary>
internal sealed record CriterionResult(PlanCriterion Criterion, CriterionStatus Status, IReadOnlyList<CheckResult> Evidence, string Detail);
