using DualHub.Cli.Checkpoints;
using DualHub.Cli.Report;

namespace DualHub.Cli.Tests.Report;

/// <summary>The 27 results of an <c>up --check</c> run in which everything passed, with figures like a real run's.</summary>
internal static class SampleRun
{
    public static readonly string[] Agents = ["resource_manager", "unified_utils_agent", "observability_hub"];
    public static readonly string[] Hubs = ["central-hub", "edge-hub", "pushgateway-mainpc", "pushgateway-pc2"];

    public static List<CheckResult> Passing()
    {
        var results = new List<CheckResult>();
        foreach (var hub in Hubs)
        {
            results.Add(new CheckResult($"{hub} ready", true, "ready after 812 ms") { Id = CheckIds.Of(CheckIds.HubReady, hub), Values = [new("ready", 812, "ms")] });
        }

        foreach (var hub in Hubs)
        {
            results.Add(new CheckResult($"{hub} push served back", true, "PUT 200 in 3.1 ms, on /metrics after 7.4 ms")
            {
                Id = CheckIds.Of(CheckIds.PushRoundTrip, hub),
                Values = [new("push", hub == "edge-hub" ? 42.5 : 3.1, "ms"), new("roundtrip", 97.4, "ms")],
            });
        }

        results.Add(new CheckResult("hub response time", true, "20 PUTs per hub") { Id = CheckIds.HubResponseTime, Values = [new("p50_worst_hub", 4.2, "ms"), new("p99", 42.5, "ms")] });
        results.Add(new CheckResult("agents pushing to edge-hub", true, "all advancing") { Id = CheckIds.AgentsPushing, Values = [new("agents_pushing", 3, "agents")] });
        results.Add(new CheckResult("forwarding lag edge -> central", true, "p50 61 ms") { Id = CheckIds.ForwardingLag, Values = [new("lag_p50", 61, "ms"), new("lag_max", 140, "ms")] });
        results.Add(new CheckResult("metrics edge -> central over NATS", true, "published 900") { Id = CheckIds.NatsMetricsPath, Values = [new("published", 900, "samples")] });
        results.Add(new CheckResult("pushgateways scraped", true, "up = 1") { Id = CheckIds.PushgatewaysScraped, Values = [new("scraped_up", 2, "pushgateways")] });
        results.Add(new CheckResult("nats servers /healthz", true, "mainpc 200, pc2 200") { Id = CheckIds.NatsHealthz, Values = [new("healthy", 2, "servers")] });
        results.Add(new CheckResult("health pc2 -> mainpc over NATS", true, "all up") { Id = CheckIds.ClusterHealth, Values = [new("agents_up", 3, "agents")] });
        foreach (var fault in new[] { "crash", "hang" })
        {
            foreach (var agent in Agents)
            {
                results.Add(Failover(fault, agent, fault == "crash" ? 412 : 2211, passed: true));
            }
        }

        results.Add(new CheckResult("central outage 30 s: forwarding", true, "down 30.2 s") { Id = CheckIds.OutageForwarding, Values = [new("outage", 30200, "ms"), new("dropped", 0, "samples")] });
        results.Add(Outage(lost: 0));
        results.Add(StoreOutage(missing: 0));
        results.Add(new CheckResult("alert drill (edge frozen): EdgeHubDown", true, "active in Alertmanager after 131.0 s")
        {
            Id = CheckIds.AlertDrill,
            Values = [new("alertmanager_active", 131_000, "ms"), new("stream_firing", 139_000, "ms"), new("alertmanager_resolved", 16_000, "ms"), new("stream_resolved", 31_000, "ms")],
        });
        results.Add(new CheckResult("promql rate() at central", true, "rate 9.99") { Id = CheckIds.PromQlRate, Values = [new("rate", 9.99, "per_second"), new("error", 0.1, "%")] });
        results.Add(new CheckResult("nats streams applied", true, "6 checked") { Id = CheckIds.NatsStreams, Values = [new("applied", 6, "streams/consumers")] });
        results.Add(new CheckResult("nats pc2 -> mainpc latency", true, "n=500 p99=1.873 ms") { Id = CheckIds.NatsLatency, Values = [new("p50", 0.61, "ms"), new("p99", 1.873, "ms")] });
        results.Add(new CheckResult("nats node test (pc2 stopped, restarted)", true, "lost 0, duplicates 0")
        {
            Id = CheckIds.NatsNodeTest,
            Values = [new("accepted_by_edge", 200, "messages"), new("lost", 0, "messages"), new("duplicates", 0, "messages")],
        });
        results.Add(new CheckResult("nats stream persists across restart", true, "published 100, present after restart 100, missing 0")
        {
            Id = CheckIds.NatsPersistence,
            Values = [new("published", 100, "messages"), new("missing", 0, "messages")],
        });
        results.Add(new CheckResult("rollback --emergency drill", true, "every agent on CentralHub after 3.1 s")
        {
            Id = CheckIds.RollbackDrill,
            Values = [new("rollback", 3100, "ms"), new("pushes_to_edge_after", 0, "pushes"), new("missing", 0, "batches")],
        });
        results.Add(new CheckResult("resource overhead vs phase 1", true, "overhead cpu 2.5 %, rss 1.2 %")
        {
            Id = CheckIds.ResourceOverhead,
            Values = [new("cpu_overhead", 2.5, "%"), new("rss_overhead", 1.2, "%"), new("overhead", 2.5, "%")],
        });
        return results;
    }

    public static CheckResult Overhead(double cpu, double noise) =>
        new("resource overhead vs phase 1", true, $"overhead cpu {cpu} % (noise ± {noise} %)")
        {
            Id = CheckIds.ResourceOverhead,
            Values = [new("cpu_overhead", cpu, "%"), new("rss_overhead", 0, "%"), new("overhead", cpu, "%"), new("overhead_low", cpu - noise, "%"), new("overhead_high", cpu + noise, "%")],
        };

    public static CheckResult Failover(string fault, string agent, double? failoverMs, bool passed, long? lost = 0, double? recoveryMs = null)
    {
        var values = new List<Measurement>();
        if ((recoveryMs ?? (passed ? 25_000d : null)) is { } back)
        {
            values.Add(new("recovery", back, "ms"));
        }

        if (failoverMs is { } f)
        {
            values.Add(new("failover", f, "ms"));
        }

        if (lost is { } l)
        {
            values.Add(new("lost", l, "batches"));
        }

        return new CheckResult($"edge {fault}: {agent}", passed, $"failover {(failoverMs is { } ms ? $"{ms} ms" : "never")}, lost {lost?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}")
        {
            Id = CheckIds.Of(fault == "crash" ? CheckIds.FailoverCrash : CheckIds.FailoverHang, agent),
            Values = values,
        };
    }

    public static CheckResult Outage(long lost) =>
        new("central outage 30 s: samples lost", lost == 0, $"edge journaled 1500 samples; lost {lost}")
        {
            Id = CheckIds.OutageLoss,
            Values = [new("journaled", 1500, "samples"), new("lost", lost, "samples"), new("duplicates", 0, "samples")],
        };

    public static CheckResult StoreOutage(long missing) =>
        new("store outage (SIGKILL): samples lost", missing == 0, $"central accepted 100 samples, in the store {100 - missing}: missing {missing}")
        {
            Id = CheckIds.StoreOutage,
            Values = [new("accepted", 100, "samples"), new("in_store", 100 - missing, "samples"), new("missing", missing, "samples")],
        };

    public static CheckRun Run(IReadOnlyList<CheckResult> checks) =>
        new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 10, 4, 30, TimeSpan.Zero), "test deployment", checks);

    /// <summary>Replaces the result with the same id.</summary>
    public static List<CheckResult> With(this List<CheckResult> results, CheckResult replacement)
    {
        var i = results.FindIndex(r => r.Id == replacement.Id);
        Assert.True(i >= 0, $"no result {replacement.Id}");
        results[i] = replacement;
        return results;
    }
}
