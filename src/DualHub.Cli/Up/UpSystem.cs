using DualHub.Cli.Supervision;
using DualHub.Client.Options;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Nats.Topology;
using Microsoft.Extensions.Logging;

namespace DualHub.Cli.Up;

/// <summary>
/// Everything <c>dualhub up</c> runs: the NATS leaf pair (MainPC :4222, PC2 :4223) with the plan's streams, then
/// CentralHub's store, the hubs, Alertmanager and vmalert, then the agents, as supervised children. Stopping goes the
/// other way.
/// </summary>
internal sealed class UpSystem : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;

    public UpSystem(UpTopology topology, TimeProvider time, ILoggerFactory loggers, HttpClient http, bool pythonAgent = false)
    {
        Topology = topology;
        _time = time;
        _loggers = loggers;
        Http = http;
        Supervisor = new Supervisor(time, loggers, http);
        Nats = NatsTopologyDefaults.LoopbackLeaf(Path.Combine(topology.StateDirectory, "nats"), topology.PortShift);
        var secure = topology.Secure;
        // Rendered into every server's conf and used by every NATS client of DualHub (hubs, agents, streams, checks).
        Nats.Security = secure?.Nats;
        var addressing = Addressing.Loopback(topology.PortShift);
        const string Host = "127.0.0.1";
        var storeDir = ChildDirectory(UpStore.Name);
        Supervisor.Add(new ChildSpec(UpStore.Name, UpStore.Kind, topology.Store.Arguments(Host, Path.Combine(storeDir, "data")), storeDir, topology.Store.HealthUrl(Host))
        {
            Executable = UpPrograms.Require(UpPrograms.VictoriaMetrics, "victoria-metrics"),
        });
        Agents = RenderAgents(Path.Combine(topology.StateDirectory, "agents"), addressing, pythonAgent, secure);
        var agentTls = Agents.ToDictionary(a => a.Verb, a => a.HealthTls);
        var console = ConsoleDeployment.Yaml(ConsoleDeployment.Parts(topology.Components, addressing, Nats, Agents.Select(a => (a.Verb, a.Instance, a.HealthHost, a.HealthPort)), v => agentTls[v]), secure);
        foreach (var c in topology.Components)
        {
            var dir = ChildDirectory(c.Name);
            var config = Path.Combine(dir, c.Role + ".yml");
            File.WriteAllText(config, HubConfigRenderer.Render(c, addressing, Path.Combine(dir, "data"), Nats, topology.Store.Endpoints(Host), console, secure));
            Supervisor.Add(new ChildSpec(c.Name, c.Kind, HubConfigRenderer.Arguments(config, secure?.WebConfigFile), dir, new Uri(c.BaseUrl, "/-/ready")));
        }

        var central = topology.Get("central-hub").BaseUrl;
        var alertmanagerDir = ChildDirectory(UpAlertmanager.Name);
        var alertmanagerConfig = Path.Combine(alertmanagerDir, UpAlertmanager.ConfigFileName);
        File.WriteAllText(alertmanagerConfig, AlertmanagerConfigRenderer.Render(central, secure));
        Supervisor.Add(new ChildSpec(UpAlertmanager.Name, UpPrograms.AlertsKind, topology.Alertmanager.Arguments(Host, alertmanagerConfig, Path.Combine(alertmanagerDir, "data")), alertmanagerDir, topology.Alertmanager.HealthUrl(Host))
        {
            Executable = UpPrograms.Require(UpPrograms.Alertmanager, "prometheus-alertmanager"),
        });
        Supervisor.Add(new ChildSpec(UpVmalert.Name, UpPrograms.AlertsKind, topology.Vmalert.Arguments(Host, central, topology.Alertmanager.BaseUrl(Host), secure), ChildDirectory(UpVmalert.Name), topology.Vmalert.HealthUrl(Host))
        {
            Executable = UpPrograms.Require(UpPrograms.Vmalert, "victoria-metrics"),
        });

        foreach (var a in Agents)
        {
            var dir = Path.Combine(topology.StateDirectory, a.ChildName);
            Supervisor.Add(a.Verb == PythonAgent.Verb ? PythonAgent.Child(a, dir) : new ChildSpec(a.ChildName, "agent", AgentConfigRenderer.Arguments(a.Verb, a.ConfigPath), dir, a.HealthUrl));
        }
    }

    public IReadOnlyList<UpAgent> Agents { get; }

    private string ChildDirectory(string name)
    {
        var dir = Path.Combine(Topology.StateDirectory, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public UpTopology Topology { get; }

    private static List<UpAgent> RenderAgents(string directory, Addressing addressing, bool pythonAgent, SecureMaterial? secure)
    {
        Directory.CreateDirectory(directory);
        var result = new List<UpAgent>();
        var agents = pythonAgent ? AgentConfigRenderer.Agents.Append((PythonAgent.Verb, Path.Combine("python", "example.yaml"))) : AgentConfigRenderer.Agents;
        foreach (var (verb, file) in agents)
        {
            var path = Path.Combine(directory, Path.GetFileName(file));
            // Both clients' health listeners take the web config (the Python one since it reads web_config_file too).
            var healthTls = secure is not null;
            var yaml = AgentConfigRenderer.Render(file, addressing, Path.Combine(directory, "spool"));
            File.WriteAllText(path, secure is null ? yaml : SecureConfigs.Agent(yaml, secure, healthTls));
            // Only the file's own values: the OBS_HUB_URL override is for a real agent, not for the drill's. The Python
            // agent reads the same YAML (docs/client.md), so the C# loader names its problems too.
            var options = AgentConfigLoader.Load(path, [Path.GetFileNameWithoutExtension(file)], _ => null);
            result.Add(new UpAgent(verb, path, options.Agent.Name, options.Agent.Node, options.HealthPort ?? throw new InvalidOperationException($"{path}: health_port is required for dualhub up"))
            {
                PublishesNatsHealth = verb != PythonAgent.Verb,
                HealthTls = healthTls,
            });
        }

        return result;
    }

    public Supervisor Supervisor { get; }

    public HttpClient Http { get; }

    public NatsTopologyOptions Nats { get; }

    public INatsDeployment? NatsDeployment { get; private set; }

    public IReadOnlyList<NatsApplyChange> StreamChanges { get; private set; } = [];

    /// <summary>Ports the system needs, with who needs them.</summary>
    public IEnumerable<(string Owner, int Port)> Ports() =>
        Topology.Components.Select(c => (c.Name, c.Port))
            .Concat([(UpStore.Name, Topology.Store.Port), (UpVmalert.Name, Topology.Vmalert.Port), (UpAlertmanager.Name, Topology.Alertmanager.Port)])
            .Concat(Agents.Select(a => (a.ChildName, a.HealthPort)))
            .Concat(Nats.Nodes.SelectMany(n => new[] { ($"nats-{n.Name}", n.ClientPort), ($"nats-{n.Name} monitoring", n.MonitorPort) }
                .Concat(n.LeafPort is { } leaf ? [($"nats-{n.Name} leafnodes", leaf)] : [])));

    public async Task StartAsync(CancellationToken ct)
    {
        NatsDeployment = await NatsSupervisor.StartAsync(Nats, Path.Combine(Topology.StateDirectory, "nats", "conf"), loggerFactory: _loggers, time: _time, ct: ct);
        StreamChanges = await NatsStreamApplier.ApplyAsync(Nats, TimeSpan.FromSeconds(15), ct);
        // The store and the hubs first and ready, so central's first forwards and the agents' first pushes land;
        // the alerting pair evaluates against CentralHub.
        await Supervisor.StartAllAsync(UpStore.Kind);
        await Supervisor.StartAllAsync("hub");
        foreach (var child in Supervisor.Children.Where(c => c.Spec.Kind is "hub" or UpStore.Kind))
        {
            await child.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        }

        // Alertmanager ready before vmalert, whose first evaluation may already fire.
        var alertmanager = Supervisor.Get(UpAlertmanager.Name);
        await alertmanager.Process.StartAsync(ct);
        await alertmanager.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        await Supervisor.Get(UpVmalert.Name).Process.StartAsync(ct);
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
