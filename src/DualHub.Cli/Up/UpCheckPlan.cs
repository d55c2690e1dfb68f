using DualHub.Cli.Checks;
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
            checks.Add(new HubReadyCheck(system.Supervisor, system.Supervisor.Get(c.Name), c.Role, system.Http));
        }

        foreach (var c in system.Topology.Components)
        {
            checks.Add(new PushRoundTripCheck(c.Name, c.BaseUrl, system.Http, time));
        }

        var edge = system.Topology.Get("edge-hub").BaseUrl;
        checks.Add(new AgentsPushingCheck(edge, system.Agents, system.Http, time));
        checks.Add(new ForwardingLagCheck(edge, system.Topology.Get("central-hub").BaseUrl, system.Http, time, probes: 10, limit: TimeSpan.FromSeconds(5)));
        checks.Add(new NatsMetricsPathCheck(edge, system.Topology.Get("central-hub").BaseUrl, system.Http, time));
        // The bounds: a crashed hub < 1 s, a hung hub < 3 s, 0 batches lost.
        checks.AddRange(new FailoverDrill(system, system.Agents, "crash", time).Checks(TimeSpan.FromSeconds(1)));
        checks.AddRange(new FailoverDrill(system, system.Agents, "hang", time).Checks(TimeSpan.FromSeconds(3)));
        // The drill: CentralHub stopped 30 s, then started; samples lost = 0.
        checks.AddRange(new CentralOutageDrill(system, TimeSpan.FromSeconds(30), time).Checks());

        checks.Add(new DelegateCheck("nats streams applied", _ =>
        {
            var changes = system.StreamChanges;
            return Task.FromResult((changes.Count > 0, $"{changes.Count} streams/consumers checked: " + string.Join(", ", changes.GroupBy(c => c.Action).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"))));
        }));
        checks.Add(new DelegateCheck("nats pc2 -> mainpc latency", async ct =>
        {
            var d = system.NatsDeployment!;
            // Paced like hub traffic (a 5 ms pause after each ack): back to back, the check saturates 2 cores by itself and
            // measures scheduling delay instead (docs/benchmarks.md, NATS).
            var r = await NatsChecks.MeasureLatencyAsync(d.Servers["pc2"].ClientUrl, d.Servers["mainpc"].ClientUrl, count: 500, interval: TimeSpan.FromMilliseconds(5), ct: ct);
            // The plan: < 100 ms (target < 50 ms).
            return (r.P99Ms < 100, r.ToString());
        }));
        checks.Add(new DelegateCheck("nats node test (pc2 stopped, restarted)", async ct =>
        {
            var r = await NatsChecks.RunLeafNodeTestAsync(system.NatsDeployment!, ct: ct);
            return (r.Passed, r.ToString());
        }));
        checks.Add(new DelegateCheck("nats stream persists across restart", async ct =>
        {
            var r = await NatsChecks.RunPersistenceCheckAsync(system.NatsDeployment!.Servers["mainpc"], ct: ct);
            return (r.Passed, r.ToString());
        }));
        return checks;
    }
}
