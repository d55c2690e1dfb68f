using System.Globalization;
using System.Text.RegularExpressions;
using DualHub.Cli.Up;
using DualHub.Client.Options;
using DualHub.Nats.Config;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Render;

/// <summary>
/// <c>dualhub render</c>: the plan's deployment (<see cref="UpTopology.Plan"/>, the same hubs and agents <c>up</c>
/// runs, rendered by the same <see cref="HubConfigRenderer"/> and <see cref="AgentConfigRenderer"/>) as files per
/// machine: hub YAMLs, NATS confs, agent YAMLs, systemd units, and a docker-compose.yml with its Dockerfile
/// running the same processes (<see cref="DeployedProcess"/>). Each hub and agent sits on the host its machine's
/// NATS node has in the topology; files are meant for <see cref="ConfigDirectory"/>, state for <see cref="DataRoot"/>.
/// CentralHub's machine also runs its store (VictoriaMetrics single node, unless <see cref="StoreSelection"/> names
/// another), vmalert with the shipped rule files and Alertmanager, as <c>up</c> does.
/// </summary>
internal static partial class DeploymentRenderer
{
    public const string ConfigDirectory = "/etc/dualhub";

    public const string DataRoot = "/var/lib/dualhub";

    public const string DefaultExecutable = "/usr/local/bin/dualhub";

    // Where the Debian package nats-server installs it.
    public const string NatsExecutable = "/usr/sbin/nats-server";

    /// <summary>The plan's NATS part without a topology file: the leaf pair, stores under /var/lib/dualhub/nats.</summary>
    public static NatsTopologyOptions DefaultNats() => NatsTopologyDefaults.LoopbackLeaf(Path.Combine(DataRoot, "nats"));

    /// <summary>
    /// Every file of the deployment; throws <see cref="InvalidOperationException"/> naming what does not fit. With
    /// <paramref name="secure"/> (whose material is already <paramref name="nats"/>' security) every listener takes
    /// its web config and every client of a DualHub listener or NATS speaks TLS with the CA and the credentials.
    /// </summary>
    public static IReadOnlyList<RenderedFile> Render(NatsTopologyOptions nats, string executable, StoreSelection? store = null, SecureDeployment? secure = null)
    {
        store ??= StoreSelection.SingleNode();
        NatsTopologyValidator.ThrowIfInvalid(nats);
        foreach (var node in nats.Nodes)
        {
            CheckName(node.Name, "nats node name");
        }

        var topology = UpTopology.Plan(UpTopology.PlanBasePort, DataRoot, store.Retention, Path.Combine(ConfigDirectory, RuleFilePrefix + "*.yml"));
        var hostOfMachine = nats.Nodes.ToDictionary(n => n.Name, n => n.Host, StringComparer.Ordinal);
        var hostOfPort = new Dictionary<int, string>();
        foreach (var n in nats.Nodes)
        {
            foreach (var port in new[] { n.ClientPort, n.MonitorPort, n.LeafPort, n.ClusterPort }.Where(p => p > 0))
            {
                hostOfPort[port] = n.Host;
            }
        }

        foreach (var c in topology.Components)
        {
            hostOfPort[c.Port] = HostOf(hostOfMachine, c.Machine, c.Name);
        }

        var mainHost = HostOf(hostOfMachine, UpTopology.MainMachine, "central-hub");
        foreach (var port in new[] { topology.Store.Port, topology.Vmalert.Port, topology.Alertmanager.Port })
        {
            hostOfPort[port] = mainHost;
        }

        // The agents' health listeners, which EdgeHub scrapes and observability-hub watches, are on their own node.
        var agents = new List<(string Verb, string File, string Machine, int? HealthPort)>();
        foreach (var (verb, file) in AgentConfigRenderer.Agents)
        {
            var template = AgentConfigLoader.Load(Path.Combine(AgentConfigRenderer.TemplateDirectory, file), [Path.GetFileNameWithoutExtension(file)], _ => null);
            var machine = CheckName(template.Agent.Node, $"{file}: agent.node");
            if (template.HealthPort is { } hp)
            {
                hostOfPort[hp] = HostOf(hostOfMachine, machine, file);
            }

            agents.Add((verb, file, machine, template.HealthPort));
        }

        string HostOfPort(int port) => hostOfPort.TryGetValue(port, out var host)
            ? host
            : throw new InvalidOperationException($"port {port.ToString(CultureInfo.InvariantCulture)} of a shipped config belongs to no machine of the topology");
        var addressing = new Addressing(0, HostOfPort, UpTopology.OwnHostPorts(HostOfPort));
        // The listeners (hubs, agents' health ports, NATS monitoring) a secure rendering puts behind TLS: their URLs become https.
        var secured = topology.Components.Select(c => addressing.Endpoint(c.Port))
            .Concat(agents.Select(a => a.HealthPort).OfType<int>().Select(addressing.Endpoint))
            .Concat(nats.Security is { MonitorTls: true } ? nats.Nodes.Select(n => n.Host + ":" + n.MonitorPort.ToString(CultureInfo.InvariantCulture)) : [])
            .ToList();
        var files = new List<RenderedFile>();
        var processes = new List<DeployedProcess>();
        foreach (var node in nats.Nodes)
        {
            var conf = NatsConfigRenderer.FileName(node);
            // With a user, an edge's leafnode remote carries the password itself.
            files.Add(new RenderedFile(node.Name, conf, NatsConfigRenderer.Render(nats, node), Private: nats.Security?.User is not null));
            files.Add(new RenderedFile(node.Name, TopologyFile.FileName, TopologyFile.Render(nats)));
            processes.Add(new DeployedProcess(node.Name, NatsName(node.Name), $"DualHub NATS JetStream server {node.Name}",
                [NatsExecutable, "-c", Path.Combine(ConfigDirectory, conf)], []));

            // The machine's own streams and consumers, idempotently at every boot, once its server is up.
            processes.Add(new DeployedProcess(node.Name, StreamsName(node.Name), $"DualHub JetStream streams and consumers of {node.Name}",
                [executable, "streams", "apply", "--topology", Path.Combine(ConfigDirectory, TopologyFile.FileName), "--node", node.Name],
                [NatsName(node.Name)], OneShot: true));
        }

        var storeHere = store.External is null;
        if (storeHere)
        {
            processes.Add(new DeployedProcess(UpTopology.MainMachine, UpStore.Name, "DualHub CentralHub's store (VictoriaMetrics single node)",
                [UpPrograms.VictoriaMetrics, .. topology.Store.Arguments(mainHost, Path.Combine(DataRoot, UpStore.Name))], []));
        }

        var agentHealth = agents.Where(a => a.HealthPort is not null)
            .Select(a => (a.Verb, a.Machine, addressing.HostOf(a.HealthPort!.Value), a.HealthPort!.Value));
        // Secure: the probes present the client certificate and password; SecureDeployment.HubConfig makes the URLs https.
        var console = ConsoleDeployment.Yaml(ConsoleDeployment.Parts(topology.Components, addressing, nats, agentHealth), secure?.Material);
        foreach (var c in topology.Components)
        {
            var config = c.Name + ".yml";
            var yaml = HubConfigRenderer.Render(c, addressing, Path.Combine(DataRoot, c.Name), nats, store.External ?? topology.Store.Endpoints(mainHost), console);
            files.Add(new RenderedFile(c.Machine, config, secure is null ? yaml : secure.HubConfig(yaml, secured)));
            string[] storeFirst = c.Role == "central" && storeHere ? [UpStore.Name] : [];
            var arguments = HubConfigRenderer.Arguments(Path.Combine(ConfigDirectory, config));
            processes.Add(new DeployedProcess(c.Machine, c.Name, $"DualHub {c.Role} hub {c.Name} ({c.Machine})",
                [executable, .. secure is null ? arguments : SecureDeployment.HubArguments(arguments)],
                [.. NatsOf(nats, c.Machine), .. storeFirst]));
        }

        AddAlerting(files, processes, topology, mainHost, secure);

        foreach (var (verb, file, machine, _) in agents)
        {
            var yaml = AgentConfigRenderer.Render(file, addressing, Path.Combine(DataRoot, "spool"));
            files.Add(new RenderedFile(machine, file, secure is null ? yaml : secure.AgentConfig(yaml, secured)));
            var hubsHere = topology.Components.Where(c => c.Machine == machine).Select(c => c.Name);
            processes.Add(new DeployedProcess(machine, verb, $"DualHub pilot agent {verb} ({machine})",
                [executable, .. AgentConfigRenderer.Arguments(verb, Path.Combine(ConfigDirectory, file))],
                [.. NatsOf(nats, machine), .. hubsHere]));
        }

        foreach (var p in processes)
        {
            files.Add(new RenderedFile(p.Machine, p.UnitName, SystemdUnit.Render(p.Description, p.CommandLine, p.After.Select(DeployedProcess.UnitOf), p.OneShot)));
        }

        foreach (var node in nats.Nodes)
        {
            string[] packages = node.Name == UpTopology.MainMachine ? ["victoria-metrics", "prometheus-alertmanager"] : [];
            files.Add(new RenderedFile(node.Name, ComposeFile.DockerfileName, ComposeFile.RenderDockerfile(node.Name, executable, packages)));
            files.Add(new RenderedFile(node.Name, ComposeFile.FileName, ComposeFile.Render(node.Name, processes.Where(p => p.Machine == node.Name), secure is not null)));
        }

        return secure is null ? files : [.. files.Select(f => f with { Content = secure.Relocate(f.Content) })];
    }

    /// <summary>Prefix of the shipped rule files in MainPC's directory (one flat directory, as <see cref="ConfigDirectory"/>).</summary>
    public const string RuleFilePrefix = "rules-";

    /// <summary>Alertmanager (its config) and vmalert (the shipped rule files) on CentralHub's machine.</summary>
    private static void AddAlerting(List<RenderedFile> files, List<DeployedProcess> processes, UpTopology topology, string host, SecureDeployment? secure)
    {
        var scheme = secure is null ? "http" : "https";
        var central = new Uri($"{scheme}://{host}:{topology.Get("central-hub").Port.ToString(CultureInfo.InvariantCulture)}");
        var alertmanager = AlertmanagerConfigRenderer.Render(central);
        files.Add(new RenderedFile(UpTopology.MainMachine, UpAlertmanager.ConfigFileName, secure is null ? alertmanager : secure.Alertmanager(alertmanager)));
        processes.Add(new DeployedProcess(UpTopology.MainMachine, UpAlertmanager.Name, "DualHub Alertmanager (alerts to CentralHub's webhook)",
            [UpPrograms.Alertmanager, .. topology.Alertmanager.Arguments(host, Path.Combine(ConfigDirectory, UpAlertmanager.ConfigFileName), Path.Combine(DataRoot, UpAlertmanager.Name))],
            ["central-hub"]));
        var shipped = Path.GetDirectoryName(UpTopology.DefaultRules)!;
        if (Directory.Exists(shipped))
        {
            foreach (var rules in Directory.EnumerateFiles(shipped, "*.yml").Order(StringComparer.Ordinal))
            {
                var name = CheckName(Path.GetFileNameWithoutExtension(rules), "rule file");
                files.Add(new RenderedFile(UpTopology.MainMachine, RuleFilePrefix + name + ".yml", File.ReadAllText(rules)));
            }
        }

        processes.Add(new DeployedProcess(UpTopology.MainMachine, UpVmalert.Name, "DualHub vmalert (rules against CentralHub)",
            [UpPrograms.Vmalert, .. topology.Vmalert.Arguments(host, central, topology.Alertmanager.BaseUrl(host)), .. secure?.VmalertArguments() ?? []],
            ["central-hub", UpAlertmanager.Name]));
    }

    // A machine's hubs and agents start after its NATS server and its streams.
    private static IEnumerable<string> NatsOf(NatsTopologyOptions nats, string machine) =>
        nats.Nodes.Where(n => n.Name == machine).SelectMany(n => new[] { NatsName(n.Name), StreamsName(n.Name) });

    private static string StreamsName(string node) => $"streams-{node}";

    private static string NatsName(string node) => $"nats-{node}";

    private static string HostOf(Dictionary<string, string> hostOfMachine, string machine, string what) =>
        hostOfMachine.TryGetValue(machine, out var host)
            ? host
            : throw new InvalidOperationException($"{what} runs on machine '{machine}', which has no node in the NATS topology");

    /// <summary>Names become directory and file names: letters, digits, '-', '_' only.</summary>
    public static string CheckName(string name, string what) =>
        SafeName().IsMatch(name) ? name : throw new InvalidOperationException($"{what} '{name}' is not a safe name (letters, digits, '-', '_'; 1-63 characters)");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")]
    private static partial Regex SafeName();
}
