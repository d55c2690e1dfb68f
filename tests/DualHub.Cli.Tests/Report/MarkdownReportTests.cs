using DualHub.Cli.Report;

namespace DualHub.Cli.Tests.Report;

public sealed class MarkdownReportTests
{
    [Fact]
    public void The_report_has_the_plans_template_sections_and_the_measured_figures()
    {
        var md = MarkdownReport.Render(ReportBuilder.Build(SampleRun.Run(SampleRun.Passing())), "check-results.json");

        foreach (var heading in new[] { "## Week 1 Completion Summary", "## Detailed Results", "### Key Performance Indicators", "### Criteria", "## Week 2 Preparation", "## Checks" })
        {
            Assert.Contains("\n" + heading + "\n", md, StringComparison.Ordinal);
        }

        foreach (var field in new[] { "Completion Date", "Overall Status", "Infrastructure Deployment", "Pilot Agent Migration", "Performance Impact", "Next Week Readiness",
                     "EdgeHub Deployment", "NATS JetStream", "Pushgateway Setup", "Pilot Agent Results", "Performance Metrics", "Issues Encountered",
                     "Prerequisites Validated", "Risk Assessment", "Team Readiness", "Go/No-Go Decision" })
        {
            Assert.Contains($"**{field}:**", md, StringComparison.Ordinal);
        }

        Assert.Contains("**Completion Date:** 2026-11-27 10:04:30 UTC", md, StringComparison.Ordinal);
        Assert.Contains("**Overall Status:** PARTIAL", md, StringComparison.Ordinal);
        Assert.Contains("**Next Week Readiness:** NO-GO", md, StringComparison.Ordinal);
        Assert.Matches(@"\| Failover Time \| < 5000 ms \| < 3000 ms \| 2211 ms \| meets target \|", md);
        Assert.Matches(@"\| Message Latency \| < 100 ms \| < 50 ms \| 1\.873 ms \| meets target \|", md);
        Assert.Matches(@"\| EdgeHub Uptime \| >= 99\.9 % \| - \| not measured \| not measured \|", md);
        Assert.Matches(@"\| Failover time <5 seconds validated \| met \| worst 2211 ms over 6 checks \(limit < 5000 ms\)", md);
        Assert.Matches(@"\| Data loss detected during testing \| does not hold \|", md);
        Assert.Matches(@"\| Emergency rollback capability confirmed \| met \|", md);
        Assert.Matches(@"\| Resource Overhead \| < 10 % \| < 5 % \| 2\.5 % \| meets target \|", md);
        Assert.Contains("  - resource_manager: PASS: edge crash: resource_manager: failover 412 ms", md, StringComparison.Ordinal);
        Assert.Contains("- **Issues Encountered:** none (every check passed)", md, StringComparison.Ordinal);
        Assert.Contains("| PASS | edge hang: observability_hub | `failover-hang:observability_hub` |", md, StringComparison.Ordinal);
        Assert.Matches(@"- \*\*Query and Store:\*\* PASS: .*store outage \(SIGKILL\): samples lost: .*missing 0.*promql rate\(\) at central: rate 9\.99", md);
        Assert.Contains("- **Alerting:** PASS: alert drill (edge frozen): EdgeHubDown: active in Alertmanager after 131.0 s", md, StringComparison.Ordinal);
        Assert.Equal(32, md.Split('\n').Count(l => l.StartsWith("| PASS |", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_failed_check_is_listed_under_issues_and_in_the_decision()
    {
        var checks = SampleRun.Passing().With(SampleRun.Outage(lost: 7));
        var md = MarkdownReport.Render(ReportBuilder.Build(SampleRun.Run(checks)), "r.json");

        Assert.Contains("**Overall Status:** FAILED", md, StringComparison.Ordinal);
        Assert.Contains("  - FAIL central outage 30 s: samples lost: edge journaled 1500 samples; lost 7", md, StringComparison.Ordinal);
        Assert.Matches(@"\| Data loss detected during testing \| HOLDS \| worst 7 lost", md);
        Assert.Contains("- **Go/No-Go Decision:** NO-GO, because:\n  - NO-GO criterion holds: Data loss detected during testing", md, StringComparison.Ordinal);
    }
}
