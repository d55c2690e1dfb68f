using DualHub.Nats.Config;
using DualHub.Nats.Topology;
using Microsoft.Extensions.Logging;

namespace DualHub.Nats.Supervision;

/// <summary>Renders a topology's configs and runs its nats-server processes.</summary>
public static class NatsSupervisor
{
    /// <summary>
    /// Validates <paramref name="topology"/>, renders one conf per node into <paramref name="configDirectory"/>, starts every
    /// server and waits until all answer /healthz 200 (meta leader elected where there is a cluster). On failure every
    /// started server is stopped again and the exception carries the failing server's output.
    /// </summary>
    public static async Task<INatsDeployment> StartAsync(
        NatsTopologyOptions topology,
        string configDirectory,
        NatsSupervisorOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        CancellationToken ct = default)
    {
        var deployment = Create(topology, configDirectory, options, loggerFactory, time);
        try
        {
            foreach (var server in deployment.Servers.Values)
            {
                await server.StartAsync(ct);
            }

            await deployment.WaitHealthyAsync((options ?? new()).ReadyTimeout, ct);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Renders configs and creates the (not yet started) servers, for callers that start nodes one by one.</summary>
    public static INatsDeployment Create(
        NatsTopologyOptions topology,
        string configDirectory,
        NatsSupervisorOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        options ??= new NatsSupervisorOptions();
        var files = NatsConfigRenderer.RenderAll(topology, configDirectory);
        var logger = loggerFactory?.CreateLogger("DualHub.Nats.Supervision");
        var servers = topology.Nodes
            .Select(n => new NatsServerProcess(n, files[n.Name], options, time ?? TimeProvider.System, logger, topology))
            .ToList();
        return new NatsDeployment(topology, configDirectory, servers);
    }
}
