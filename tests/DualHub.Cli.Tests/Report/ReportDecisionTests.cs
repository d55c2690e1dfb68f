using DualHub.Cli.Checkpoints;
using DualHub.Cli.Report;

namespace DualHub.Cli.Tests.Report;

public sealed class ReportDecisionTests
{
    [Fact]
    public void Every_criterion_measured_and_met_gives_GO()
    {
        // The catalog without the criteria no check can measure (24 h, overhead, rollback, confidence): what GO needs.
        var measurable = PlanCriteria.All.Where(c => c.Gap is null && (c.Evidence.Count > 0 || c.DerivedFrom.Count > 0)).ToList();
        var report = ReportBuilder.Build(SampleRun.Run(SampleRun.Passing()), measurable, PlanCriteria.Kpis);

        Assert.True(report.Go, string.Join("\n", report.Reasons));
        Assert.Equal("GO", report.Decision);
        Assert.Equal(WeekOutcome.Success, report.Outcome);
        Assert.Empty(report.Reasons);
        Assert.All(report.Criteria, c => Assert.Equal(CriterionStatus.Met, c.Status));
    }

    [Fact]
    public void All_checks_passing_is_still_NO_GO_while_plan_criteria_are_unmeasured_and_says_which()
    {
        var report = ReportBuilder.Build(SampleRun.Run(SampleRun.Passing()));

        Assert.False(report.Go);
        Assert.Equal("NO-GO", report.Decision);
        Assert.Equal(WeekOutcome.Partial, report.Outcome);
        Assert.DoesNotContain(report.Reasons, r => r.Contains("Emergency rollback", StringComparison.Ordinal) || r.Contains("Performance impact", StringComparison.Ordinal));
        Assert.Contains(report.Reasons, r => r.StartsWith("GO criterion not measured: Team confidence level >90%", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Reasons, r => r.Contains("failed", StringComparison.Ordinal) || r.Contains("holds", StringComparison.Ordinal));
        Assert.Equal(CriterionStatus.NotMeasured, Status(report, "success-24h"));
        Assert.Equal(CriterionStatus.Met, Status(report, "perf-failover"));
        Assert.Equal(CriterionStatus.Met, Status(report, "nogo-data-loss"));
        Assert.Equal(CriterionStatus.Met, Status(report, "success-pushgateways"));
        Assert.Equal(CriterionStatus.Met, Status(report, "cross-health"));
        Assert.Equal(CriterionStatus.PartlyMeasured, Status(report, "go-agents-stable"));
        Assert.Equal(CriterionStatus.Met, Status(report, "go-rollback"));
        Assert.Equal(CriterionStatus.Met, Status(report, "perf-overhead"));
    }

    [Fact]
    public void A_failover_drill_that_never_fails_over_is_NO_GO_naming_the_criterion_and_the_agent()
    {
        var checks = SampleRun.Passing().With(SampleRun.Failover("crash", "resource_manager", failoverMs: null, passed: false, lost: null));
        var report = ReportBuilder.Build(SampleRun.Run(checks));

        Assert.Equal("NO-GO", report.Decision);
        Assert.Equal(WeekOutcome.Failed, report.Outcome);
        Assert.Equal(CriterionStatus.NotMet, Status(report, "nogo-failover"));
        Assert.Contains(report.Reasons, r => r.StartsWith("NO-GO criterion holds: Failover capability not meeting <5 second target", StringComparison.Ordinal) && r.Contains("edge crash: resource_manager", StringComparison.Ordinal));
        Assert.Contains(report.Reasons, r => r.StartsWith("NO-GO criterion holds: Pilot agent instability or functionality loss (failed: edge crash: resource_manager: failover never", StringComparison.Ordinal));
        // A drill that broke before counting batches has not detected loss: that criterion stays open, not "holds".
        Assert.Equal(CriterionStatus.PartlyMeasured, Status(report, "nogo-data-loss"));
    }

    [Theory]
    [InlineData(14.3, 30.0, nameof(CriterionStatus.PartlyMeasured), nameof(WeekOutcome.Partial))] // noise spans the 10 % bound: not decided either way
    [InlineData(4.0, 3.0, nameof(CriterionStatus.Met), nameof(WeekOutcome.Partial))] // the whole band under 10 %
    [InlineData(40.0, 12.0, nameof(CriterionStatus.NotMet), nameof(WeekOutcome.Failed))] // the whole band over 10 %: the NO-GO criterion holds
    public void The_overhead_is_judged_by_its_noise_band_not_by_its_middle(double cpu, double noise, string status, string week)
    {
        var expected = Enum.Parse<CriterionStatus>(status);
        var outcome = Enum.Parse<WeekOutcome>(week);
        var report = ReportBuilder.Build(SampleRun.Run(SampleRun.Passing().With(SampleRun.Overhead(cpu, noise))));

        Assert.Equal(expected, Status(report, "perf-overhead"));
        Assert.Equal(expected, Status(report, "nogo-performance"));
        Assert.Equal(outcome, report.Outcome);
        if (expected == CriterionStatus.PartlyMeasured)
        {
            Assert.Contains(report.Reasons, r => r.StartsWith("GO criterion not measured: Performance impact within acceptable limits", StringComparison.Ordinal) && r.Contains("noise spans the limit", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Data_loss_in_the_outage_drill_makes_the_NO_GO_criterion_hold()
    {
        var report = ReportBuilder.Build(SampleRun.Run(SampleRun.Passing().With(SampleRun.Outage(lost: 3))));

        Assert.Equal(WeekOutcome.Failed, report.Outcome);
        Assert.Equal(CriterionStatus.NotMet, Status(report, "nogo-data-loss"));
        Assert.Equal(CriterionStatus.NotMet, Status(report, "perf-zero-loss"));
        Assert.Contains(report.Reasons, r => r.StartsWith("NO-GO criterion holds: Data loss detected during testing (worst 3 lost", StringComparison.Ordinal));
    }

    [Fact]
    public void Samples_missing_in_the_store_after_its_outage_drill_are_data_loss()
    {
        var report = ReportBuilder.Build(SampleRun.Run(SampleRun.Passing().With(SampleRun.StoreOutage(missing: 4))));

        Assert.Equal(CriterionStatus.NotMet, Status(report, "perf-zero-loss"));
        Assert.Equal(CriterionStatus.NotMet, Status(report, "cross-redundancy"));
    }

    [Fact]
    public void A_failover_over_the_checks_1s_bound_but_under_the_plans_5s_meets_the_plan_and_is_listed_as_an_issue()
    {
        var checks = SampleRun.Passing().With(SampleRun.Failover("crash", "unified_utils_agent", 1250, passed: false, recoveryMs: 26_000));
        var report = ReportBuilder.Build(SampleRun.Run(checks));

        Assert.Equal(CriterionStatus.Met, Status(report, "perf-failover"));
        Assert.Equal(CriterionStatus.Met, Status(report, "nogo-failover"));
        Assert.Equal(CriterionStatus.Met, Status(report, "nogo-agents"));
        Assert.Contains("edge crash: unified_utils_agent missed the check's own (DESIGN) bound but meet the plan's", Detail(report, "nogo-agents"), StringComparison.Ordinal);
        Assert.Equal(WeekOutcome.Partial, report.Outcome);
        Assert.Equal("edge crash: unified_utils_agent", Assert.Single(report.Failed).Name);

        // With every criterion measurable, the plan's terms decide: GO despite the stricter check's FAIL.
        var measurable = PlanCriteria.All.Where(c => c.Gap is null && (c.Evidence.Count > 0 || c.DerivedFrom.Count > 0)).ToList();
        Assert.True(ReportBuilder.Build(SampleRun.Run(checks), measurable, PlanCriteria.Kpis).Go);
    }

    [Fact]
    public void A_failover_drill_whose_agent_never_returns_to_the_primary_fails_the_agent_criteria()
    {
        var noRecovery = SampleRun.Failover("hang", "resource_manager", 1900, passed: false);
        var report = ReportBuilder.Build(SampleRun.Run(SampleRun.Passing().With(noRecovery)));

        Assert.Equal(CriterionStatus.NotMet, Status(report, "agent-resourcemanager"));
        Assert.Equal(CriterionStatus.NotMet, Status(report, "nogo-agents"));
        Assert.Equal(WeekOutcome.Failed, report.Outcome);
    }

    [Fact]
    public void Failover_over_5s_fails_the_plan_criterion()
    {
        var checks = SampleRun.Passing().With(SampleRun.Failover("hang", "observability_hub", 5400, passed: false));
        var report = ReportBuilder.Build(SampleRun.Run(checks));

        Assert.Equal(CriterionStatus.NotMet, Status(report, "perf-failover"));
        Assert.Contains("edge hang: observability_hub: 5400 ms", Detail(report, "nogo-failover"), StringComparison.Ordinal);
        Assert.Equal("OVER LIMIT", report.Kpis.Single(k => k.Kpi.Name == "Failover Time").Verdict);
    }

    [Fact]
    public void A_run_that_did_not_start_is_FAILED_and_nothing_is_measured()
    {
        var run = SampleRun.Run([]) with { StartError = "edge-hub exited with code 2" };
        var report = ReportBuilder.Build(run);

        Assert.Equal(WeekOutcome.Failed, report.Outcome);
        Assert.Contains(report.Reasons, r => r.Contains("edge-hub exited with code 2", StringComparison.Ordinal));
        Assert.All(report.Criteria, c => Assert.NotEqual(CriterionStatus.Met, c.Status));
        Assert.All(report.Kpis, k => Assert.Null(k.Value));
    }

    [Fact]
    public void A_check_that_threw_keeps_its_id_and_counts_as_failed_evidence()
    {
        var checks = SampleRun.Passing().With(new CheckResult("nats pc2 -> mainpc latency", false, "TimeoutException: no answer") { Id = CheckIds.NatsLatency });
        var report = ReportBuilder.Build(SampleRun.Run(checks));

        Assert.Equal(CriterionStatus.NotMet, Status(report, "nogo-infra"));
        Assert.Null(report.Kpis.Single(k => k.Kpi.Name == "Message Latency").Value);
    }

    [Fact]
    public void Kpis_come_from_the_checks_figures()
    {
        var report = ReportBuilder.Build(SampleRun.Run(SampleRun.Passing()));
        double? Kpi(string name) => report.Kpis.Single(k => k.Kpi.Name == name).Value;

        Assert.Equal(2211, Kpi("Failover Time"));
        Assert.Equal(1.873, Kpi("Message Latency"));
        Assert.Equal(4.2, Kpi("Hub Response Time"));
        Assert.Equal(100, Kpi("Cross-Machine Sync"));
        Assert.Null(Kpi("EdgeHub Uptime"));
        Assert.Equal(2.5, Kpi("Resource Overhead"));
        Assert.Equal("meets target", report.Kpis.Single(k => k.Kpi.Name == "Failover Time").Verdict);
        Assert.Equal("not measured", report.Kpis.Single(k => k.Kpi.Name == "EdgeHub Uptime").Verdict);
    }

    [Fact]
    public void Every_evidence_id_names_a_check_kind_up_runs()
    {
        string[] kinds =
        [
            CheckIds.HubReady, CheckIds.PushRoundTrip, CheckIds.AgentsPushing, CheckIds.ForwardingLag, CheckIds.NatsMetricsPath, CheckIds.FailoverCrash,
            CheckIds.FailoverHang, CheckIds.OutageForwarding, CheckIds.OutageLoss, CheckIds.NatsStreams, CheckIds.NatsLatency, CheckIds.NatsNodeTest, CheckIds.NatsPersistence,
            CheckIds.PushgatewaysScraped, CheckIds.NatsHealthz, CheckIds.ClusterHealth, CheckIds.HubResponseTime, CheckIds.RollbackDrill, CheckIds.ResourceOverhead,
            CheckIds.SoakStability, CheckIds.SoakAvailability, CheckIds.SoakDelivery, CheckIds.SoakResponse, CheckIds.PromQlRate, CheckIds.StoreOutage, CheckIds.AlertDrill,
        ];
        foreach (var c in PlanCriteria.All)
        {
            Assert.All(c.Evidence, e => Assert.Contains(kinds, k => CheckIds.IsKind(e, k)));
        }

        // And every check of a full run is evidence for at least one criterion.
        Assert.All(SampleRun.Passing(), r => Assert.NotEmpty(PlanCriteria.For(r.Id)));
    }

    private static CriterionStatus Status(WeekReport report, string id) => report.Criteria.Single(c => c.Criterion.Id == id).Status;

    private static string Detail(WeekReport report, string id) => report.Criteria.Single(c => c.Criterion.Id == id).Detail;
}
