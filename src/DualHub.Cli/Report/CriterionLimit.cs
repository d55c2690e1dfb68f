namespace DualHub.Cli.Report;

/// <summary>
/// A numeric bound a criterion puts on the figures its checks recorded: the largest of <see cref="Measurements"/> over
/// every evidence check must be below <see cref="Max"/> (or at most it when <see cref="Inclusive"/>).
/// <see cref="MissingIsFailure"/>: a failed check without the figure fails the criterion (a failover that never
/// happened), otherwise it leaves the criterion not measured (a drill that broke before it could count losses).
/// <see cref="Low"/> and <see cref="High"/> name a figure's noise band where a check records one: the bound is broken
/// only when the whole band is past it, and a band that straddles it leaves the criterion not (precisely enough) measured.
/// </summary>
internal sealed record CriterionLimit(IReadOnlyList<string> Measurements, double Max, bool Inclusive, string Unit, bool MissingIsFailure)
{
    public string? Low { get; init; }

    public string? High { get; init; }

    public bool Holds(double value) => Inclusive ? value <= Max : value < Max;
}
