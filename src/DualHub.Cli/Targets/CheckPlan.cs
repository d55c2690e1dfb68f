using DualHub.Cli.Checkpoints;

namespace DualHub.Cli.Targets;

/// <summary>
/// The checkpoints of <c>dualhub check</c>: the non-destructive ones of <c>up --check</c> (see <c>UpCheckPlan</c>), the same
/// check classes, against addresses instead of children. Nothing is stopped; the probes push and delete their own
/// groups and publish NATS check messages (header <c>Dualhub-Check</c>) only.
/// </summary>
internal static class CheckPlan
{
    /// <summary>The drills of <c>up --check</c> left out here: each stops or kills a component.</summary>
    public static readonly IReadOnlyList<string> Drills =
    [
        "failover drills (edge-hub crash, hang)",
        "central outage 30 s (samples lost)",
        "nats node test (pc2 stopped, restarted)",
        "nats stream persists across restart",
    ];

    public static IReadOnlyList<ICheck> Build(CheckTargets targets, HttpClient http, TimeProvider time, Reachability reachability)
    {
        var checks = new List<ICheck>();
        foreach (var h in targets.Hubs)
        {
            checks.Add(new HubAnswersCheck(h.Name, h.BaseUrl, h.Role, http, time, TimeSpan.FromSeconds(10)).Needing(reachability, Healthy(h.BaseUrl)));
        }

        foreach (var h in targets.Hubs)
        {
            checks.Add(new PushRoundTripCheck(h.Name, h.BaseUrl, http, time).Needing(reachability, Healthy(h.BaseUrl)));
        }

        var all = targets.Hubs.Select(h => Healthy(h.BaseUrl)).ToArray();
        checks.Add(new HubResponseTimeCheck([.. targets.Hubs.Select(h => (h.Name, h.BaseUrl))], http, time, requests: 20).Needing(reachability, all));
        var edge = targets.Hub(CheckTargets.Edge).BaseUrl;
        var central = targets.Hub(CheckTargets.Central).BaseUrl;
        checks.Add(new AgentsPushingCheck(edge, targets.Agents, http, time).Needing(reachability, Healthy(edge)));
        checks.Add(new ForwardingLagCheck(edge, central, http, time, probes: 10, limit: TimeSpan.FromSeconds(5)).Needing(reachability, Healthy(edge), Healthy(central)));
        checks.Add(new NatsMetricsPathCheck(edge, central, http, time).Needing(reachability, Healthy(edge), Healthy(central)));
        checks.Add(new PushgatewaysScrapedCheck(central, [.. targets.Pushgateways.Select(p => p.BaseUrl)], http, time).Needing(reachability, Healthy(central)));

        var monitors = targets.Nats.Select(n => new Uri(new Uri(n.MonitorUrl), "/healthz")).ToArray();
        checks.Add(new NatsHealthzCheck([.. targets.Nats.Select(n => (n.Name, n.MonitorUrl))], http).Needing(reachability, monitors));
        checks.Add(new NatsStreamsPresentCheck([.. targets.Nats.Select(n => (n.Name, n.MonitorUrl, n.Consumers))], http).Needing(reachability, monitors));
        if (targets.Agents.FirstOrDefault(a => a.Verb == "observability-hub") is { } observer)
        {
            checks.Add(new ClusterHealthCheck(observer, targets.Agents, http, time).Needing(reachability, observer.HealthUrl));
        }

        if (LatencyPair(targets.Nats) is { From: var from, To: var to })
        {
            checks.Add(NatsLatencyCheck.Create(from.Name, from.ClientUrl, to.Name, to.ClientUrl, targets.NatsAuth).Needing(reachability, new Uri(new Uri(from.MonitorUrl), "/healthz"), new Uri(new Uri(to.MonitorUrl), "/healthz")));
        }

        return checks;
    }

    // What tells whether a hub answers at all: /-/healthy answers at once. Not "/": CentralHub's console page probes the
    // deployment and the store first, which can take longer than the probe's deadline on a busy machine.
    private static Uri Healthy(Uri hub) => new(hub, "/-/healthy");

    /// <summary>An edge and the node its streams feed (leaf), else the last and first node; null with fewer than two.</summary>
    private static (NatsTarget From, NatsTarget To)? LatencyPair(IReadOnlyList<NatsTarget> nats)
    {
        if (nats.FirstOrDefault(n => n.LeafHub is not null) is { } leaf && nats.FirstOrDefault(n => n.Name == leaf.LeafHub) is { } hub)
        {
            return (leaf, hub);
        }

        return nats.Count >= 2 ? (nats[^1], nats[0]) : null;
    }
}
