using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>The completion report as JSON: the decision, its reasons, every criterion and KPI with its evidence.</summary>
internal static class JsonReport
{
    public static string Render(WeekReport report, string source)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new Document(
            "dualhub-week1-report/1",
            source,
            report.Run.Deployment,
            report.Run.StartedAt,
            report.Run.FinishedAt,
            report.Run.StartError,
            report.Decision,
            report.Outcome.ToString().ToUpperInvariant(),
            report.Reasons,
            report.Run.Checks.Count(c => c.Passed),
            report.Run.Checks.Count,
            [.. report.Criteria.Select(c => new Criterion(
                c.Criterion.Id,
                c.Criterion.Section.ToString(),
                c.Criterion.Group,
                c.Criterion.Text,
                MarkdownReport.StatusText(c.Status, c.Criterion.Section == CriterionSection.NoGo),
                c.Detail,
                [.. c.Evidence.Select(e => new Evidence(e.Id, e.Passed))]))],
            [.. report.Run.Checks.Select(c => new Check(
                c.Id,
                c.Name,
                c.Passed,
                c.Measured,
                [.. c.Values.Where(v => double.IsFinite(v.Value))],
                c.Target,
                ReportBuilder.MeetsPlan(c)))],
            [.. report.Kpis.Select(k => new Kpi(
                k.Kpi.Name,
                k.Kpi.Group,
                k.Kpi.Unit,
                k.Kpi.LimitText,
                k.Kpi.TargetText,
                k.Value,
                k.Verdict,
                k.Kpi.Source))]);
        return System.Text.Json.JsonSerializer.Serialize(doc, ReportJsonContext.Default.JsonReportDocument);
    }

    // Named shapes (not anonymous types) so the JSON is source-generated: the CLI runs as NativeAOT.
    internal sealed record Document(
        string Format,
        string Source,
        string Deployment,
        DateTimeOffset StartedAt,
        DateTimeOffset FinishedAt,
        string? StartError,
        string Decision,
        string OverallStatus,
        IReadOnlyList<string> Reasons,
        int ChecksPassed,
        int ChecksTotal,
        IReadOnlyList<Criterion> Criteria,
        IReadOnlyList<Check> Checks,
        IReadOnlyList<Kpi> Kpis);

    internal sealed record Criterion(string Id, string Section, string Group, string Text, string Status, string Detail, IReadOnlyList<Evidence> Checks);

    internal sealed record Evidence(string Id, bool Passed);

    internal sealed record Check(string Id, string Name, bool Passed, string Measured, IReadOnlyList<Measurement> Values, string? Target, bool MeetsPlan);

    internal sealed record Kpi(string Name, string Group, string Unit, string Limit, string? Target, double? Value, string Verdict, string Source);
}
