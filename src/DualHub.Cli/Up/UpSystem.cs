using System.Globalization;
using DualHub.Cli.Supervision;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Nats.Topology;
using Microsoft.Extensions.Logging;

namespace DualHub.Cli.Up;

/// <summary>
/// Everything <c>dualhub up</c> runs: the NATS leaf pair (MainPC :4222, PC2 :4223) with the plan's streams, then the
/// hubs, then the agents, as supervised children. Stopping goes the other way.
/// </summary>
internal sealed class UpSystem : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;

    public UpSystem(UpTopology topology, TimeProvider time, ILoggerFactory loggers, HttpClient http)
    {
        Topology = topology;
        _time = time;
        _loggers = loggers;
        Http = http;
        Supervisor = new Supervisor(time, loggers, http);
        Nats = NatsTopologyDefaults.LoopbackLeaf(Path.Combine(topology.StateDirectory, "nats"), topology.PortShift);
        foreach (var c in topology.Components)
        {
            var dir = Path.Combine(topology.StateDirectory, c.Name);
            string[] args = ["hub", "--role", c.Role, "--listen", $"127.0.0.1:{c.Port.ToString(CultureInfo.InvariantCulture)}", "--data", Path.Combine(dir, "data"), .. NatsArguments(c)];
            if (HubConfigRenderer.Render(c.Role, dir, topology.PortShift) is { } config)
            {
                args = [.. args, "--config", config];
            }

            Supervisor.Add(new ChildSpec(
                c.Name,
                c.Kind,
                args,
                dir,
                new Uri(c.BaseUrl, "/-/ready")));
        }

        Agents = AgentConfigRenderer.Render(Path.Combine(topology.StateDirectory, "agents"), topology.PortShift);
        foreach (var a in Agents)
        {
            Supervisor.Add(new ChildSpec(a.ChildName, "agent", ["agent", a.Verb, "--config", a.ConfigPath], Path.Combine(topology.StateDirectory, a.ChildName), a.HealthUrl));
        }
    }

    public IReadOnlyList<UpAgent> Agents { get; }

    public UpTopology Topology { get; }

    /// <summary>
    /// The metrics path over NATS (DESIGN.md §5): EdgeHub publishes its journal to PC2's server (MainPC's as failover),
    /// CentralHub consumes MainPC's stream, which sources PC2's through the leafnode.
    /// </summary>
    private string[] NatsArguments(UpComponent hub)
    {
        var mainpc = Nats.Nodes.First(n => n.Name == "mainpc").ClientUrl;
        var pc2 = Nats.Nodes.First(n => n.Name == "pc2").ClientUrl;
        return hub.Role switch
        {
            "central" => ["--nats", mainpc],
            "edge" => ["--nats", $"{pc2},{mainpc}", "--node", hub.Machine],
            _ => [],
        };
    }

    public Supervisor Supervisor { get; }

    public HttpClient Http { get; }

    public NatsTopologyOptions Nats { get; }

    public INatsDeployment? NatsDeployment { get; private set; }

    public IReadOnlyList<NatsApplyChange> StreamChanges { get; private set; } = [];

    /// <summary>Ports the system needs, with who needs them.</summary>
    public IEnumerable<(string Owner, int Port)> Ports() =>
        Topology.Components.Select(c => (c.Name, c.Port))
            .Concat(Agents.Select(a => (a.ChildName, a.HealthPort)))
            .Concat(Nats.Nodes.SelectMany(n => new[] { ($"nats-{n.Name}", n.ClientPort), ($"nats-{n.Name} monitoring", n.MonitorPort) }
                .Concat(n.LeafPort is { } leaf ? [($"nats-{n.Name} leafnodes", leaf)] : [])));

    public async Task StartAsync(CancellationToken ct)
    {
        NatsDeployment = await NatsSupervisor.StartAsync(Nats, Path.Combine(Topology.StateDirectory, "nats", "conf"), loggerFactory: _loggers, time: _time, ct: ct);
        StreamChanges = await NatsStreamApplier.ApplyAsync(Nats, TimeSpan.FromSeconds(15), ct);
        // Hubs first and ready, so the agents' first pushes go to their primary.
        await Supervisor.StartAllAsync("hub");
        foreach (var hub in Supervisor.Children.Where(c => c.Spec.Kind == "hub"))
        {
            await Supervisor.WaitReadyAsync(hub, TimeSpan.FromSeconds(30), ct);
        }

        await Supervisor.StartAllAsync("agent");
    }

    public async Task StopAsync()
    {
        await Supervisor.StopAllAsync();
        if (NatsDeployment is not null)
        {
            await NatsDeployment.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Supervisor.DisposeAsync();
        if (NatsDeployment is not null)
        {
            await NatsDeployment.DisposeAsync();
        }
    }
}
