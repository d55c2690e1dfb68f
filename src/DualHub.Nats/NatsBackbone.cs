using DualHub.Nats.Checks;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Nats.Topology;
using Microsoft.Extensions.Logging;

namespace DualHub.Nats;

/// <summary>The NATS part of <c>dualhub up</c>: the plan's leaf pair on loopback, its streams, and its checkpoints.</summary>
public static class NatsBackbone
{
    /// <summary>Plan target for cross-machine publish -> consume latency (plan: &lt; 100 ms, target &lt; 50 ms).</summary>
    public static readonly TimeSpan LatencyTarget = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Starts MainPC (:4222, monitoring :8222, leafnodes :7422) and PC2 (:4223, :8223), each port plus
    /// <paramref name="portShift"/>, with stores and confs under <paramref name="stateDirectory"/>/nats, waits until both
    /// are healthy and applies the streams and consumers. Dispose the deployment to stop both servers.
    /// </summary>
    public static async Task<(INatsDeployment Deployment, IReadOnlyList<NatsApplyChange> Applied)> StartLoopbackAsync(
        string stateDirectory, int portShift = 0, ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        var root = Path.Combine(stateDirectory, "nats");
        var topology = NatsTopologyDefaults.LoopbackLeaf(Path.Combine(root, "store"), portShift);
        var deployment = await NatsSupervisor.StartAsync(topology, Path.Combine(root, "conf"), loggerFactory: loggerFactory, ct: ct);
        try
        {
            return (deployment, await NatsStreamApplier.ApplyAsync(topology, ct: ct));
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The plan's NATS checkpoints on a running leaf pair: cross-machine latency (publish on the edge, consume on the
    /// hub, one publish per 5 ms), the node test (edge stopped and restarted), and stream persistence across a restart
    /// of the hub's server (graceful unless <paramref name="killHub"/>). Stops and restarts servers: run it last.
    /// </summary>
    public static async Task<IReadOnlyList<NatsCheckOutcome>> RunChecksAsync(
        INatsDeployment deployment, string hub = "mainpc", string edge = "pc2", bool killHub = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var outcomes = new List<NatsCheckOutcome>();
        var auth = deployment.Topology.Security?.ClientAuth();
        outcomes.Add(await RunAsync("nats cross-machine latency", async () =>
        {
            var r = await NatsChecks.MeasureLatencyAsync(deployment.Servers[edge].ClientUrl, deployment.Servers[hub].ClientUrl, count: 500, interval: TimeSpan.FromMilliseconds(5), auth: auth, ct: ct);
            return (r.P99Ms < LatencyTarget.TotalMilliseconds, FormattableString.Invariant($"p50 {r.P50Ms:0.00} ms, p99 {r.P99Ms:0.00} ms ({r.Count} msgs {edge} -> {hub}; target p99 < {LatencyTarget.TotalMilliseconds:0} ms)"));
        }));
        outcomes.Add(await RunAsync("nats node test (edge server stopped and restarted)", async () =>
        {
            var r = await NatsChecks.RunLeafNodeTestAsync(deployment, hub, edge, ct: ct);
            return (r.Passed, r.ToString());
        }));
        outcomes.Add(await RunAsync("nats stream persistence across restart", async () =>
        {
            var r = await NatsChecks.RunPersistenceCheckAsync(deployment.Servers[hub], kill: killHub, auth: auth, ct: ct);
            return (r.Passed, r.ToString());
        }));
        return outcomes;
    }

    private static async Task<NatsCheckOutcome> RunAsync(string name, Func<Task<(bool Passed, string Measured)>> check)
    {
        try
        {
            var (passed, measured) = await check();
            return new NatsCheckOutcome(name, passed, measured);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return new NatsCheckOutcome(name, false, $"failed: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
