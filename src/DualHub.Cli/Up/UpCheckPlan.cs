using DualHub.Cli.Checkpoints;
using DualHub.Nats.Checks;

namespace DualHub.Cli.Up;

/// <summary>The validation checkpoints of <c>dualhub up --check</c>, in the order they run (destructive drills last).</summary>
internal static class UpCheckPlan
{
    public static IReadOnlyList<ICheck> Build(UpSystem system, TimeProvider time)
    {
        var checks = new List<ICheck>();
        foreach (var c in system.Topology.Components)
        {
            checks.Add(new HubReadyCheck(system.Supervisor.Get(c.Name), c.Role, system.Http));
        }

        foreach (var c in system.Topology.Components)
        {
            checks.Add(new PushRoundTripCheck(c.Name, c.BaseUrl, system.Http, time));
        }

        checks.Add(new HubResponseTimeCheck([.. system.Topology.Components.Select(c => (c.Name, c.BaseUrl))], system.Http, time, requests: 20));
        var edge = system.Topology.Get("edge-hub").BaseUrl;
        checks.Add(new AgentsPushingCheck(edge, system.Agents, system.Http, time));
        checks.Add(new ForwardingLagCheck(edge, system.Topology.Get("central-hub").BaseUrl, system.Http, time, probes: 10, limit: TimeSpan.FromSeconds(5)));
        // The PromQL check: a counter at 10/s through PC2's Pushgateway, EdgeHub and CentralHub to the store; rate() within 10 %.
        checks.Add(new PromQlRateCheck(system.Topology.Get("pushgateway-pc2").BaseUrl, system.Topology.Get("central-hub").BaseUrl, system.Http, time, perSecond: 10, tolerance: 0.10));
        checks.Add(new NatsMetricsPathCheck(edge, system.Topology.Get("central-hub").BaseUrl, system.Http, time));
        checks.Add(new PushgatewaysScrapedCheck(system.Topology.Get("central-hub").BaseUrl, [system.Topology.Get("pushgateway-mainpc").BaseUrl, system.Topology.Get("pushgateway-pc2").BaseUrl], system.Http, time));
        checks.Add(new NatsHealthzCheck([.. system.NatsDeployment!.Servers.Select(s => (s.Key, s.Value.MonitorUrl))], system.Http));
        checks.Add(new ClusterHealthCheck(system.Agents.First(a => a.Verb == "observability-hub"), [.. system.Agents.Where(a => a.PublishesNatsHealth)], system.Http, time));
        // The bounds: a crashed hub < 1 s, a hung hub < 3 s, 0 batches lost.
        checks.AddRange(new FailoverDrill(system, system.Agents, "crash", time).Checks(TimeSpan.FromSeconds(1)));
        checks.AddRange(new FailoverDrill(system, system.Agents, "hang", time).Checks(TimeSpan.FromSeconds(3)));
        // The drill: CentralHub stopped 30 s, then started; samples lost = 0.
        var outage = new CentralOutageDrill(system, TimeSpan.FromSeconds(30), time);
        var outageChecks = outage.Checks().ToList();
        checks.Add(outageChecks[0].Describe(CheckIds.OutageForwarding, "edge retries and holds the backlog, central gets it after its return, 0 dropped", () => outage.Last?.ForwardingMeasurements() ?? []));
        checks.Add(outageChecks[1].Describe(CheckIds.OutageLoss, "every sample edge journaled during the outage is in central's journal (plan: zero data loss)", () => outage.Last?.LossMeasurements() ?? []));

        // The store drill: the store SIGKILLed under pushes and restarted by the supervisor; nothing missing in it.
        checks.Add(new StoreOutageDrill(system, time));

        // The alert drill: EdgeHub frozen until EdgeHubDown fires in Alertmanager and in the alerts stream, then thawed.
        checks.Add(new AlertDrill(system, time));

        checks.Add(new DelegateCheck("nats streams applied", _ =>
        {
            var changes = system.StreamChanges;
            return Task.FromResult(new CheckResult("nats streams applied", changes.Count > 0, $"{changes.Count} streams/consumers checked: " + string.Join(", ", changes.GroupBy(c => c.Action).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")))
            {
                Values = [new Measurement("applied", changes.Count, "streams/consumers")],
            });
        }).Describe(CheckIds.NatsStreams, "the plan's streams and consumers exist"));
        var nats = system.NatsDeployment!.Servers;
        var natsAuth = system.NatsDeployment!.Topology.Security?.ClientAuth();
        checks.Add(NatsLatencyCheck.Create("pc2", nats["pc2"].ClientUrl, "mainpc", nats["mainpc"].ClientUrl, natsAuth));
        checks.Add(NatsNodeTest(system));
        const string Persistence = "nats stream persists across restart";
        checks.Add(new DelegateCheck(Persistence, async ct =>
        {
            var r = await NatsChecks.RunPersistenceCheckAsync(system.NatsDeployment!.Servers["mainpc"], auth: natsAuth, ct: ct);
            return new CheckResult(Persistence, r.Passed, r.ToString())
            {
                Values = [new("published", r.Published, "messages"), new("present_after_restart", r.PresentAfterRestart, "messages"), new("missing", r.Missing, "messages")],
            };
        }).Describe(CheckIds.NatsPersistence, "every message in the stream after a server restart"));
        checks.AddRange(new RollbackDrill(system, time).Checks());
        return checks;
    }

    /// <summary>The NATS node drill: PC2's server stopped and restarted while both sides publish (also a fault of <c>dualhub soak</c>).</summary>
    public static ICheck NatsNodeTest(UpSystem system)
    {
        const string NodeTest = "nats node test (pc2 stopped, restarted)";
        return new DelegateCheck(NodeTest, async ct =>
        {
            var r = await NatsChecks.RunLeafNodeTestAsync(system.NatsDeployment!, ct: ct);
            return new CheckResult(NodeTest, r.Passed, r.ToString())
            {
                Values =
                [
                    new("hub_publishes_failed", r.HubPublishesFailedWhileEdgeDown, "messages"), new("accepted_by_edge", r.AcceptedByEdge, "messages"),
                    new("reached_hub", r.ReachedHub, "messages"), new("lost", r.Lost, "messages"), new("duplicates", r.Duplicates, "messages"),
                    Measurement.Ms("catch_up", r.CatchUp),
                ],
            };
        }).Describe(CheckIds.NatsNodeTest, "pc2's server stopped: mainpc keeps accepting; after restart everything reaches mainpc once (plan: stop PC2, MainPC continues)");
    }
}
