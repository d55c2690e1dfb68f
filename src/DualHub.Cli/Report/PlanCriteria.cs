using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Report;

/// <summary>
/// Every criterion of the Week 1 plan (the plan's sections "Success Criteria", "Weekly Success Criteria
/// Checklist", "Go/No-Go Decision Criteria") and its KPIs, mapped to the checks of <c>dualhub up --check</c> that measure
/// them. What no check measures has no evidence, so the report says "not measured" instead of inventing a value.
/// </summary>
internal static class PlanCriteria
{
    private const string Hubs = CheckIds.HubReady;
    private const string Stability = "the plan's period is 24 hours: a shorter `dualhub soak` (report --soak FILE) covers part of it";

    private static readonly string[] Failovers = [CheckIds.FailoverCrash, CheckIds.FailoverHang];
    private static readonly string[] NatsChecks = [CheckIds.NatsStreams, CheckIds.NatsHealthz, CheckIds.NatsLatency, CheckIds.NatsNodeTest, CheckIds.NatsPersistence, CheckIds.NatsMetricsPath];
    private static readonly string[] LossChecks = [CheckIds.FailoverCrash, CheckIds.FailoverHang, CheckIds.OutageLoss, CheckIds.StoreOutage, CheckIds.NatsNodeTest, CheckIds.NatsPersistence, CheckIds.RollbackDrill, CheckIds.SoakDelivery];
    private static readonly string[] Pushgateways =
    [
        CheckIds.Of(CheckIds.HubReady, "pushgateway-mainpc"), CheckIds.Of(CheckIds.HubReady, "pushgateway-pc2"),
        CheckIds.Of(CheckIds.PushRoundTrip, "pushgateway-mainpc"), CheckIds.Of(CheckIds.PushRoundTrip, "pushgateway-pc2"),
    ];

    private static readonly string[] AgentSoak = [CheckIds.Of(CheckIds.SoakAvailability, "agent-resource-manager"), CheckIds.Of(CheckIds.SoakAvailability, "agent-unified-utils"), CheckIds.Of(CheckIds.SoakAvailability, "agent-observability-hub")];

    private static readonly string[] EdgeHub = [CheckIds.Of(CheckIds.HubReady, "edge-hub"), CheckIds.Of(CheckIds.PushRoundTrip, "edge-hub")];

    private static readonly CriterionLimit FailoverUnder5S = new(["failover"], ReportBuilder.PlanFailoverLimitMs, Inclusive: false, "ms", MissingIsFailure: true);
    private static readonly CriterionLimit OverheadUnder10 = new(["overhead"], 10, Inclusive: false, "%", MissingIsFailure: true) { Low = "overhead_low", High = "overhead_high" };
    private static readonly CriterionLimit RollbackUnder5Min = new(["rollback"], RollbackDrill.PlanLimit.TotalMilliseconds, Inclusive: false, "ms", MissingIsFailure: true);
    private static readonly CriterionLimit NothingLost = new(["lost", "missing"], 0, Inclusive: true, "lost", MissingIsFailure: false);

    public static IReadOnlyList<PlanCriterion> All { get; } =
    [
        // Success Criteria (mission statement).
        new("success-edgehub", CriterionSection.SuccessCriteria, "Success Criteria", "EdgeHub operational on PC2:9100 with local metric collection",
            [.. EdgeHub, CheckIds.AgentsPushing, CheckIds.OutageLoss]),
        new("success-nats", CriterionSection.SuccessCriteria, "Success Criteria", "NATS JetStream cluster functional with cross-machine messaging", NatsChecks),
        new("success-pushgateways", CriterionSection.SuccessCriteria, "Success Criteria", "Prometheus Pushgateways deployed and scraping operational",
            [.. Pushgateways, CheckIds.PushgatewaysScraped]),
        new("success-agents", CriterionSection.SuccessCriteria, "Success Criteria", "3 pilot agents (ObservabilityHub, ResourceManager, UnifiedUtilsAgent) using dual-hub",
            [CheckIds.AgentsPushing, .. Failovers]),
        new("success-24h", CriterionSection.SuccessCriteria, "Success Criteria", "24-hour validation period with zero issues", [CheckIds.SoakStability]) { Gap = Stability },

        // Weekly Success Criteria Checklist.
        new("infra-edgehub", CriterionSection.Checklist, "Infrastructure Deployment", "EdgeHub container operational on PC2:9100", EdgeHub),
        new("infra-pushgateways", CriterionSection.Checklist, "Infrastructure Deployment", "Prometheus Pushgateways deployed on both machines", Pushgateways),
        new("infra-nats", CriterionSection.Checklist, "Infrastructure Deployment", "NATS JetStream cluster functional across machines",
            [CheckIds.NatsStreams, CheckIds.NatsNodeTest, CheckIds.NatsPersistence, CheckIds.NatsLatency]),
        new("infra-health", CriterionSection.Checklist, "Infrastructure Deployment", "All infrastructure components passing health checks", [Hubs, CheckIds.NatsHealthz, CheckIds.HubResponseTime, CheckIds.AlertDrill]),
        new("agent-observabilityhub", CriterionSection.Checklist, "Pilot Agent Migration", "ObservabilityHub successfully using dual-hub architecture",
            [CheckIds.Of(CheckIds.FailoverCrash, "observability_hub"), CheckIds.Of(CheckIds.FailoverHang, "observability_hub"), CheckIds.AgentsPushing]),
        new("agent-resourcemanager", CriterionSection.Checklist, "Pilot Agent Migration", "ResourceManager operational with intelligent failover",
            [CheckIds.Of(CheckIds.FailoverCrash, "resource_manager"), CheckIds.Of(CheckIds.FailoverHang, "resource_manager"), CheckIds.AgentsPushing]),
        new("agent-unifiedutils", CriterionSection.Checklist, "Pilot Agent Migration", "UnifiedUtilsAgent integrated with EdgeHub and NATS",
            [CheckIds.Of(CheckIds.FailoverCrash, "unified_utils_agent"), CheckIds.Of(CheckIds.FailoverHang, "unified_utils_agent"), CheckIds.AgentsPushing, CheckIds.ClusterHealth]),
        new("agent-24h", CriterionSection.Checklist, "Pilot Agent Migration", "All pilot agents passing 24-hour stability validation", [CheckIds.SoakStability, .. AgentSoak]) { Gap = Stability },
        new("cross-nats", CriterionSection.Checklist, "Cross-Machine Coordination", "NATS messaging operational between MainPC and PC2",
            [CheckIds.NatsLatency, CheckIds.NatsNodeTest, CheckIds.NatsMetricsPath]),
        new("cross-health", CriterionSection.Checklist, "Cross-Machine Coordination", "Health synchronization working across machines", [CheckIds.ClusterHealth]),
        new("cross-redundancy", CriterionSection.Checklist, "Cross-Machine Coordination", "Metric collection redundancy established",
            [CheckIds.ForwardingLag, CheckIds.NatsMetricsPath, CheckIds.OutageForwarding, CheckIds.OutageLoss, CheckIds.PromQlRate, CheckIds.StoreOutage]),
        new("cross-failover", CriterionSection.Checklist, "Cross-Machine Coordination", "Failover scenarios tested and validated",
            [.. Failovers, CheckIds.OutageForwarding, CheckIds.OutageLoss, CheckIds.NatsNodeTest]),
        new("perf-overhead", CriterionSection.Checklist, "Performance & Reliability", "Performance impact <10% additional overhead", [CheckIds.ResourceOverhead])
        {
            Limit = OverheadUnder10,
        },
        new("perf-failover", CriterionSection.Checklist, "Performance & Reliability", "Failover time <5 seconds validated", Failovers) { Limit = FailoverUnder5S },
        new("perf-zero-loss", CriterionSection.Checklist, "Performance & Reliability", "Zero data loss during failover tests", LossChecks) { Limit = NothingLost },
        new("perf-stability", CriterionSection.Checklist, "Performance & Reliability", "System stability maintained throughout deployment", [CheckIds.SoakStability]) { Gap = Stability },

        // Go/No-Go Decision Criteria for Week 2.
        new("go-success", CriterionSection.Go, "GO Criteria", "All Week 1 success criteria met", [])
        {
            DerivedFrom = [CriterionSection.SuccessCriteria, CriterionSection.Checklist],
        },
        new("go-agents-stable", CriterionSection.Go, "GO Criteria", "3 pilot agents stable on dual-hub architecture", [CheckIds.AgentsPushing, .. Failovers, .. AgentSoak])
        {
            Gap = Stability,
        },
        new("go-no-critical", CriterionSection.Go, "GO Criteria", "No critical failures during validation period", [Hubs, CheckIds.PushRoundTrip, .. NatsChecks, CheckIds.SoakStability])
        {
            Gap = Stability,
        },
        new("go-performance", CriterionSection.Go, "GO Criteria", "Performance impact within acceptable limits", [CheckIds.ResourceOverhead])
        {
            Limit = OverheadUnder10,
        },
        new("go-rollback", CriterionSection.Go, "GO Criteria", "Emergency rollback capability confirmed", [CheckIds.RollbackDrill])
        {
            Limit = RollbackUnder5Min,
        },
        new("go-confidence", CriterionSection.Go, "GO Criteria", "Team confidence level >90%", []) { Gap = "a team's judgement, not a measurement" },
        new("nogo-infra", CriterionSection.NoGo, "NO-GO Criteria", "Critical infrastructure component failures", [Hubs, CheckIds.PushRoundTrip, .. NatsChecks]),
        new("nogo-agents", CriterionSection.NoGo, "NO-GO Criteria", "Pilot agent instability or functionality loss", [CheckIds.AgentsPushing, .. Failovers]),
        new("nogo-performance", CriterionSection.NoGo, "NO-GO Criteria", "Performance degradation >10%", [CheckIds.ResourceOverhead])
        {
            Limit = OverheadUnder10,
        },
        new("nogo-failover", CriterionSection.NoGo, "NO-GO Criteria", "Failover capability not meeting <5 second target", Failovers) { Limit = FailoverUnder5S },
        new("nogo-data-loss", CriterionSection.NoGo, "NO-GO Criteria", "Data loss detected during testing", LossChecks) { Limit = NothingLost },
        new("nogo-rollback", CriterionSection.NoGo, "NO-GO Criteria", "Emergency rollback procedures failing", [CheckIds.RollbackDrill])
        {
            Limit = RollbackUnder5Min,
        },
    ];

    /// <summary>The plan's "Key Performance Indicators (Week 1)".</summary>
    public static IReadOnlyList<PlanKpi> Kpis { get; } =
    [
        new("EdgeHub Uptime", "Availability Metrics", "%", 99.9, null, HigherIsBetter: true, "dualhub soak: share of 1 s /-/healthy probes answered outside the faults it injected (not measured without a soak)")
        {
            Compute = r => Min(r, [CheckIds.Of(CheckIds.SoakAvailability, "edge-hub")], "availability"),
        },
        new("NATS Cluster Availability", "Availability Metrics", "%", 99.9, null, HigherIsBetter: true, "dualhub soak: the less available of the two servers' /healthz, outside injected faults")
        {
            Compute = r => Min(r, [CheckIds.Of(CheckIds.SoakAvailability, "nats-mainpc"), CheckIds.Of(CheckIds.SoakAvailability, "nats-pc2")], "availability"),
        },
        new("Pilot Agent Uptime", "Availability Metrics", "%", 99.5, null, HigherIsBetter: true, "dualhub soak: the least available agent's /health (answering, not unhealthy), outside the drill's restarts")
        {
            Compute = r => Min(r, AgentSoak, "availability"),
        },
        new("Cross-Machine Sync", "Availability Metrics", "%", 99, null, HigherIsBetter: true, "message delivery: samples EdgeHub journaled during the central outages that reached CentralHub, the NATS node tests' messages, and a soak's pushes and agent batches found in the store behind CentralHub")
        {
            Compute = DeliveryRate,
        },
        new("Failover Time", "Performance Metrics", "ms", 5000, 3000, HigherIsBetter: false, "slowest agent failover of the crash and hang drills")
        {
            Compute = r => Max(r, Failovers, "failover"),
        },
        new("Message Latency", "Performance Metrics", "ms", 100, 50, HigherIsBetter: false, "NATS pc2 -> mainpc publish to consume, p99 (the worst run)")
        {
            Compute = r => Max(r, [CheckIds.NatsLatency], "p99"),
        },
        new("Resource Overhead", "Performance Metrics", "%", 10, 5, HigherIsBetter: false, "the pilot agents' CPU and memory on dual-hub over the same agents on their Phase 1 config (the larger of the two), one 10 s window each")
        {
            Compute = r => Max(r, [CheckIds.ResourceOverhead], "overhead"),
        },
        new("Hub Response Time", "Performance Metrics", "ms", 200, 100, HigherIsBetter: false, "median PUT answer time, slowest hub: 20 PUTs per hub in up --check, every synthetic PUT of a soak (p99 in the checks' lines)")
        {
            Compute = r => Max(r, [CheckIds.HubResponseTime, CheckIds.SoakResponse], "p50_worst_hub"),
        },
    ];

    /// <summary>True when check <paramref name="id"/> is evidence <paramref name="evidence"/> (an exact id or an id kind).</summary>
    public static bool Matches(string id, string evidence) => id == evidence || CheckIds.IsKind(id, evidence);

    /// <summary>The criteria (ids) a check's result is evidence for.</summary>
    public static IReadOnlyList<string> For(string checkId) =>
        [.. All.Where(c => c.Evidence.Any(e => Matches(checkId, e))).Select(c => c.Id)];

    private static double? Max(IReadOnlyList<CheckResult> results, IReadOnlyList<string> evidence, string measurement)
    {
        var values = results.Where(r => evidence.Any(e => Matches(r.Id, e))).Select(r => r.Value(measurement)).OfType<double>().ToList();
        return values.Count == 0 ? null : values.Max();
    }

    private static double? Min(IReadOnlyList<CheckResult> results, IReadOnlyList<string> evidence, string measurement)
    {
        var values = results.Where(r => evidence.Any(e => Matches(r.Id, e))).Select(r => r.Value(measurement)).OfType<double>().ToList();
        return values.Count == 0 ? null : values.Min();
    }

    private static double? DeliveryRate(IReadOnlyList<CheckResult> results)
    {
        double sent = 0, lost = 0;
        foreach (var r in results)
        {
            if (Matches(r.Id, CheckIds.OutageLoss) && r.Value("journaled") is { } j && r.Value("lost") is { } l)
            {
                sent += j;
                lost += l;
            }
            else if (Matches(r.Id, CheckIds.NatsNodeTest) && r.Value("accepted_by_edge") is { } a && r.Value("lost") is { } nl)
            {
                sent += a;
                lost += nl;
            }
            else if (Matches(r.Id, CheckIds.SoakDelivery) && r.Value("accepted") is { } sa && r.Value("lost") is { } sl)
            {
                sent += sa;
                lost += sl;
            }
        }

        return sent > 0 ? Math.Round(100 * (sent - lost) / sent, 3) : null;
    }
}
