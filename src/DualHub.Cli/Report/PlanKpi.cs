using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>
/// A key performance indicator of the plan: its limit and target, and how its value is computed from a run's results
/// (null: no check measures it).
/// </summary>
internal sealed record PlanKpi(string Name, string Group, string Unit, double Limit, double? Target, bool HigherIsBetter, string Source)
{
    public Func<IReadOnlyList<CheckResult>, double?> Compute { get; init; } = _ => null;

    public string LimitText => Bound(Limit);

    public string? TargetText => Target is { } t ? Bound(t) : null;

    private string Bound(double v) => (HigherIsBetter ? ">= " : "< ") + v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " " + Unit;
}
