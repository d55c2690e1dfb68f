using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>
/// The plan's Week 1 completion report computed from one check run. <see cref="Go"/> is true only when every GO criterion
/// is measured and met and no NO-GO criterion holds; an unmeasured GO criterion makes the run PARTIAL and NO-GO (the plan
/// proceeds on criteria "met", and a criterion nobody measured is not met), with the reason listed.
/// </summary>
internal sealed record WeekReport(
    CheckRun Run,
    IReadOnlyList<CriterionResult> Criteria,
    IReadOnlyList<KpiResult> Kpis,
    WeekOutcome Outcome,
    IReadOnlyList<string> Reasons)
{
    public bool Go => Outcome == WeekOutcome.Success;

    public string Decision => Go ? "GO" : "NO-GO";

    public IReadOnlyList<CheckResult> Failed => [.. Run.Checks.Where(c => !c.Passed)];

    public IEnumerable<CriterionResult> In(CriterionSection section) => Criteria.Where(c => c.Criterion.Section == section);

    public IEnumerable<CriterionResult> InGroup(string group) => Criteria.Where(c => c.Criterion.Group == group);
}
