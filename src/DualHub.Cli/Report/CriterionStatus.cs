namespace DualHub.Cli.Report;

/// <summary>
/// A criterion's state after a run. For a NO-GO criterion <see cref="Met"/> means its bad condition does not hold and
/// <see cref="NotMet"/> that it holds.
/// </summary>
internal enum CriterionStatus
{
    Met,
    NotMet,

    /// <summary>The checks that cover part of it passed; the rest (its gap) no check measures.</summary>
    PartlyMeasured,

    NotMeasured,
}
