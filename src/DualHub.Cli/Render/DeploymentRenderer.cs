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

    /// <summary>Every file of the deployment; throws <see cref="InvalidOperationException"/> naming what does not fit.</summary>
    public static IReadOnlyList<RenderedFile> Render(NatsTopologyOptions nats, string executable)
    {
        NatsTopologyValidator.ThrowIfInvalid(nats);
        foreach (var node in nats.Nodes)
        {
            CheckName(node.Name, "nats node name");
        }

        var topology = UpTopology.Plan(UpTopology.PlanBasePort, DataRoot);
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

        // The agents' health listeners, which EdgeHub scrapes and observability-hub watches, are on their own node.
        var agents = new List<(string Verb, string File, string Machine)>();
        foreach (var (verb, file) in AgentConfigRenderer.Agents)
        {
            var template = AgentConfigLoader.Load(Path.Combine(AgentConfigRenderer.TemplateDirectory, file), [Path.GetFileNameWithoutExtension(file)], _ => null);
            var machine = CheckName(template.Agent.Node, $"{file}: agent.node");
            if (template.HealthPort is { } hp)
            {
                hostOfPort[hp] = HostOf(hostOfMachine, machine, file);
            }

            agents.Add((verb, file, machine));
        }

        string HostOfPort(int port) => hostOfPort.TryGetValue(port, out var host)
            ? host
            : throw new InvalidOperationException($"port {port.ToString(CultureInfo.InvariantCulture)} of a shipped config belongs to no machine of the topology");
        var addressing = new Addressing(0, HostOfPort, UpTopology.OwnHostPorts(HostOfPort));
        var files = new List<RenderedFile>();
        var processes = new List<DeployedProcess>();
        foreach (var node in nats.Nodes)
        {
            var conf = NatsConfigRenderer.FileName(node);
            files.Add(new RenderedFile(node.Name, conf, NatsConfigRenderer.Render(nats, node)));
            files.Add(new RenderedFile(node.Name, TopologyFile.FileName, TopologyFile.Render(nats)));
            processes.Add(new DeployedProcess(node.Name, NatsName(node.Name), $"DualHub NATS JetStream server {node.Name}",
                [NatsExecutable, "-c", Path.Combine(ConfigDirectory, conf)], []));

            // The machine's own streams and consumers, idempotently at every boot, once its server is up.
            processes.Add(new DeployedProcess(node.Name, StreamsName(node.Name), $"DualHub JetStream streams and consumers of {node.Name}",
                [executable, "streams", "apply", "--topology", Path.Combine(ConfigDirectory, TopologyFile.FileName), "--node", node.Name],
                [NatsName(node.Name)], OneShot: true));
        }

        foreach (var c in topology.Components)
        {
            var config = c.Name + ".yml";
            var yaml = HubConfigRenderer.Render(c, addressing, Path.Combine(DataRoot, c.Name), nats);
            files.Add(new RenderedFile(c.Machine, config, yaml));
            processes.Add(new DeployedProcess(c.Machine, c.Name, $"DualHub {c.Role} hub {c.Name} ({c.Machine})",
                [executable, .. HubConfigRenderer.Arguments(Path.Combine(ConfigDirectory, config))],
                [.. NatsOf(nats, c.Machine)]));
        }

        foreach (var (verb, file, machine) in agents)
        {
            files.Add(new RenderedFile(machine, file, AgentConfigRenderer.Render(file, addressing, Path.Combine(DataRoot, "spool"))));
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
            files.Add(new RenderedFile(node.Name, ComposeFile.DockerfileName, ComposeFile.RenderDockerfile(node.Name, executable)));
            files.Add(new RenderedFile(node.Name, ComposeFile.FileName, ComposeFile.Render(node.Name, processes.Where(p => p.Machine == node.Name))));
        }

        return files;
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
