namespace DualHub.Cli.Report;

/// <summary>
/// One criterion of the plan, in its words, and how a check run decides it: the checks (ids or id kinds, see
/// <see cref="Checkpoints.CheckIds"/>) that measure it, an optional numeric limit on their figures, and what no check covers
/// (<see cref="Gap"/>). With no evidence the criterion is "not measured"; a <see cref="DerivedFrom"/> criterion is decided
/// by the other criteria of those sections.
/// </summary>
internal sealed record PlanCriterion(string Id, CriterionSection Section, string Group, string Text, IReadOnlyList<string> Evidence)
{
    public CriterionLimit? Limit { get; init; }

    public string? Gap { get; init; }

    public IReadOnlyList<CriterionSection> DerivedFrom { get; init; } = [];
}
