using System.Globalization;
using System.Text;
using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>Renders a <see cref="WeekReport"/> in the shape of the plan's "WEEK 1 COMPLETION REPORT TEMPLATE".</summary>
internal static class MarkdownReport
{
    private static readonly string[] Agents = ["observability_hub", "resource_manager", "unified_utils_agent"];

    public static string Render(WeekReport report, string source)
    {
        ArgumentNullException.ThrowIfNull(report);
        var run = report.Run;
        var sb = new StringBuilder();
        var passed = run.Checks.Count(c => c.Passed);
        sb.AppendLine("# Week 1 Completion Report");
        sb.AppendLine();
        sb.AppendLine(Inv($"Computed by `dualhub report` from {source}: {passed} of {run.Checks.Count} checks passed, run {Time(run.StartedAt)} to {Time(run.FinishedAt)} ({(run.FinishedAt - run.StartedAt).TotalMinutes:0.0} min)."));
        sb.AppendLine($"Deployment: {(run.Deployment.Length > 0 ? run.Deployment : "not recorded")}. Every figure below was measured by a check of that run; what no check measured says \"not measured\".");
        if (run.StartError is { } error)
        {
            sb.AppendLine();
            sb.AppendLine($"**The system did not start:** {error}");
        }

        sb.AppendLine();
        sb.AppendLine("## Week 1 Completion Summary");
        sb.AppendLine();
        Field(sb, "Completion Date", Time(run.FinishedAt));
        Field(sb, "Overall Status", report.Outcome.ToString().ToUpperInvariant());
        Field(sb, "Infrastructure Deployment", GroupStatus(report, "Infrastructure Deployment"));
        Field(sb, "Pilot Agent Migration", GroupStatus(report, "Pilot Agent Migration"));
        Field(sb, "Performance Impact", report.Kpis.FirstOrDefault(k => k.Kpi.Name == "Resource Overhead") is { Value: { } overhead } ? Inv($"{overhead:0.##} %") : "not measured (no check measures resource overhead)");
        Field(sb, "Next Week Readiness", report.Decision, last: true);

        sb.AppendLine();
        sb.AppendLine("## Detailed Results");
        sb.AppendLine();
        Item(sb, "EdgeHub Deployment", Component(run, [CheckIds.Of(CheckIds.HubReady, "edge-hub"), CheckIds.Of(CheckIds.PushRoundTrip, "edge-hub"), CheckIds.ForwardingLag, CheckIds.OutageForwarding, CheckIds.OutageLoss]));
        Item(sb, "NATS JetStream", Component(run, [CheckIds.NatsStreams, CheckIds.NatsHealthz, CheckIds.NatsMetricsPath, CheckIds.ClusterHealth, CheckIds.NatsLatency, CheckIds.NatsNodeTest, CheckIds.NatsPersistence]));
        Item(sb, "Query and Store", Component(run, [CheckIds.PromQlRate, CheckIds.StoreOutage]));
        Item(sb, "Alerting", Component(run, [CheckIds.AlertDrill]));
        Item(sb, "Pushgateway Setup", Component(run, [CheckIds.Of(CheckIds.HubReady, "pushgateway-mainpc"), CheckIds.Of(CheckIds.HubReady, "pushgateway-pc2"), CheckIds.Of(CheckIds.PushRoundTrip, "pushgateway-mainpc"), CheckIds.Of(CheckIds.PushRoundTrip, "pushgateway-pc2"), CheckIds.PushgatewaysScraped]));
        sb.AppendLine("- **Pilot Agent Results:**");
        foreach (var agent in Agents)
        {
            sb.AppendLine($"  - {agent}: {Component(run, [CheckIds.Of(CheckIds.FailoverCrash, agent), CheckIds.Of(CheckIds.FailoverHang, agent)])}");
        }

        sb.AppendLine("- **Performance Metrics:** see the KPI table below.");
        sb.AppendLine("- **Issues Encountered:** " + (report.Failed.Count == 0 ? "none (every check passed)" : $"{Plural(report.Failed.Count, "failed check")}; resolutions are not recorded by the tool"));
        foreach (var f in report.Failed)
        {
            sb.AppendLine($"  - FAIL {f.Name}: {f.Measured}");
        }

        sb.AppendLine();
        sb.AppendLine("### Key Performance Indicators");
        sb.AppendLine();
        sb.AppendLine("| KPI | plan limit | plan target | measured | verdict | how |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var k in report.Kpis)
        {
            var value = k.Value is { } v ? Inv($"{v:0.###} {k.Kpi.Unit}") : "not measured";
            sb.AppendLine($"| {k.Kpi.Name} | {k.Kpi.LimitText} | {k.Kpi.TargetText ?? "-"} | {value} | {k.Verdict} | {Cell(k.Kpi.Source)} |");
        }

        sb.AppendLine();
        sb.AppendLine("### Criteria");
        Criteria(sb, "Success Criteria", report.In(CriterionSection.SuccessCriteria), noGo: false);
        foreach (var group in report.In(CriterionSection.Checklist).Select(c => c.Criterion.Group).Distinct())
        {
            Criteria(sb, "Weekly Checklist: " + group, report.InGroup(group), noGo: false);
        }

        Criteria(sb, "GO Criteria (each must be met)", report.In(CriterionSection.Go), noGo: false);
        Criteria(sb, "NO-GO Criteria (none may hold)", report.In(CriterionSection.NoGo), noGo: true);

        sb.AppendLine();
        sb.AppendLine("## Week 2 Preparation");
        sb.AppendLine();
        sb.AppendLine("- **Prerequisites Validated:**");
        foreach (var c in report.In(CriterionSection.Checklist))
        {
            sb.AppendLine($"  - [{(c.Status == CriterionStatus.Met ? "x" : " ")}] {c.Criterion.Text} ({StatusText(c.Status, noGo: false)})");
        }

        var open = report.Criteria.Where(c => c.Status is CriterionStatus.NotMeasured or CriterionStatus.PartlyMeasured && c.Criterion.DerivedFrom.Count == 0).ToList();
        sb.AppendLine($"- **Risk Assessment:** {Plural(report.Failed.Count, "failed check")}; {Plural(open.Count, "criterion", "criteria")} not (fully) measured by this run:");
        foreach (var c in open)
        {
            sb.AppendLine($"  - {c.Criterion.Text}: {c.Detail}");
        }

        sb.AppendLine("- **Team Readiness:** not measured (the plan's \"team confidence level >90%\" is a team's judgement)");
        sb.AppendLine($"- **Go/No-Go Decision:** {report.Decision}" + (report.Go ? ": every GO criterion measured and met, no NO-GO criterion holds" : ", because:"));
        foreach (var reason in report.Reasons)
        {
            sb.AppendLine($"  - {reason}");
        }

        sb.AppendLine();
        sb.AppendLine("## Checks");
        sb.AppendLine();
        sb.AppendLine("| result | check | id | measured | check's limit |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var c in run.Checks)
        {
            sb.AppendLine($"| {(c.Passed ? "PASS" : "FAIL")} | {Cell(c.Name)} | `{c.Id}` | {Cell(c.Measured)} | {Cell(c.Target ?? "-")} |");
        }

        return sb.ToString();
    }

    public static string StatusText(CriterionStatus status, bool noGo) => (status, noGo) switch
    {
        (CriterionStatus.Met, false) => "met",
        (CriterionStatus.Met, true) => "does not hold",
        (CriterionStatus.NotMet, false) => "NOT MET",
        (CriterionStatus.NotMet, true) => "HOLDS",
        (CriterionStatus.PartlyMeasured, _) => "partly measured",
        _ => "not measured",
    };

    private static void Criteria(StringBuilder sb, string title, IEnumerable<CriterionResult> results, bool noGo)
    {
        sb.AppendLine();
        sb.AppendLine($"#### {title}");
        sb.AppendLine();
        sb.AppendLine("| criterion | status | evidence |");
        sb.AppendLine("|---|---|---|");
        foreach (var c in results)
        {
            var checks = c.Evidence.Count == 0 ? string.Empty : " (checks: " + string.Join(", ", c.Evidence.Select(e => $"`{e.Id}`")) + ")";
            sb.AppendLine($"| {Cell(c.Criterion.Text)} | {StatusText(c.Status, noGo)} | {Cell(c.Detail + checks)} |");
        }
    }

    private static string Component(CheckRun run, IReadOnlyList<string> ids)
    {
        var results = run.Checks.Where(c => ids.Any(i => PlanCriteria.Matches(c.Id, i))).ToList();
        if (results.Count == 0)
        {
            return "not measured (none of its checks ran)";
        }

        var verdict = results.All(r => r.Passed) ? "PASS" : "FAIL";
        return $"{verdict}: " + string.Join("; ", results.Select(r => $"{r.Name}: {r.Measured}"));
    }

    private static string GroupStatus(WeekReport report, string group)
    {
        var items = report.InGroup(group).ToList();
        var met = items.Count(i => i.Status == CriterionStatus.Met);
        var status = items.Any(i => i.Status == CriterionStatus.NotMet) ? "FAILED" : met == items.Count ? "COMPLETE" : "PARTIAL";
        return $"{status} ({met} of {items.Count} checklist items met, {items.Count(i => i.Status == CriterionStatus.NotMet)} not met, {items.Count(i => i.Status is CriterionStatus.NotMeasured or CriterionStatus.PartlyMeasured)} not fully measured)";
    }

    private static string Plural(int n, string one, string? many = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many ?? one + "s");

    private static void Field(StringBuilder sb, string name, string value, bool last = false) =>
        sb.AppendLine($"**{name}:** {value}" + (last ? string.Empty : "  "));

    private static void Item(StringBuilder sb, string name, string value) => sb.AppendLine($"- **{name}:** {value}");

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => FormattableString.Invariant(s);
}
