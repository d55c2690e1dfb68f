namespace DualHub.Cli.Report;

/// <summary>The template's "Overall Status": SUCCESS, PARTIAL (nothing failed, not everything measured) or FAILED.</summary>
internal enum WeekOutcome
{
    Success,
    Partial,
    Failed,
}
