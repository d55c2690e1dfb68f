using System.Text.Json;

namespace DualHub.Cli.Report;

/// <summary>The completion report as JSON: the decision, its reasons, every criterion and KPI with its evidence.</summary>
internal static class JsonReport
{
    public static string Render(WeekReport report, string source)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new
        {
            Format = "dualhub-week1-report/1",
            Source = source,
            report.Run.Deployment,
            report.Run.StartedAt,
            report.Run.FinishedAt,
            report.Run.StartError,
            Decision = report.Decision,
            OverallStatus = report.Outcome.ToString().ToUpperInvariant(),
            report.Reasons,
            ChecksPassed = report.Run.Checks.Count(c => c.Passed),
            ChecksTotal = report.Run.Checks.Count,
            Criteria = report.Criteria.Select(c => new
            {
                c.Criterion.Id,
                Section = c.Criterion.Section.ToString(),
                c.Criterion.Group,
                c.Criterion.Text,
                Status = MarkdownReport.StatusText(c.Status, c.Criterion.Section == CriterionSection.NoGo),
                c.Detail,
                Checks = c.Evidence.Select(e => new { e.Id, e.Passed }),
            }),
            Checks = report.Run.Checks.Select(c => new
            {
                c.Id,
                c.Name,
                c.Passed,
                c.Measured,
                Values = c.Values.Where(v => double.IsFinite(v.Value)),
                c.Target,
                MeetsPlan = ReportBuilder.MeetsPlan(c),
            }),
            Kpis = report.Kpis.Select(k => new
            {
                k.Kpi.Name,
                k.Kpi.Group,
                k.Kpi.Unit,
                Limit = k.Kpi.LimitText,
                Target = k.Kpi.TargetText,
                k.Value,
                k.Verdict,
                k.Kpi.Source,
            }),
        };
        return JsonSerializer.Serialize(doc, CheckRunFile.Json);
    }
}
