using System.Globalization;
using DualHub.Cli.Up;
using DualHub.Client.Options;
using DualHub.Nats.Streams;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Targets;

/// <summary>
/// Where the deployment is: the plan's layout as <c>up</c> runs it (loopback, every port moved by <c>--base-port</c>) or,
/// with a topology file, each hub and agent on its machine's host the way <c>render</c> places them; then the explicit
/// URLs given on the command line win.
/// </summary>
internal static class CheckTargetResolver
{
    public static CheckTargets Resolve(CheckArguments args, Func<string, NatsTopologyOptions>? loadTopology = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.BasePort is < 1024 or > 65000)
        {
            throw new CheckTargetException($"--base-port {args.BasePort.ToString(CultureInfo.InvariantCulture)} is outside 1024..65000");
        }

        var shift = args.BasePort - UpTopology.PlanBasePort;
        var nats = args.TopologyFile is { } file
            ? (loadTopology ?? NatsTopologyLoader.LoadFile)(file)
            : NatsTopologyDefaults.LoopbackLeaf(string.Empty, shift);
        var hostOfMachine = nats.Nodes.ToDictionary(n => n.Name, n => n.Host, StringComparer.Ordinal);
        string HostOf(string machine) => hostOfMachine.TryGetValue(machine, out var h) ? h : "127.0.0.1";

        var plan = UpTopology.Plan(args.BasePort, string.Empty);
        var hostOfPlanPort = plan.Components.ToDictionary(c => c.Port - shift, c => HostOf(c.Machine));
        var own = UpTopology.OwnHostPorts(p => hostOfPlanPort[p]);
        int PortOf(UpComponent c) => own.TryGetValue(c.Port - shift, out var o) ? o + shift : c.Port;
        var scheme = args.Secure is null ? "http" : "https";
        var hubs = plan.Components.Select(c => new HubTarget(c.Name, c.Role, new Uri($"{scheme}://{HostOf(c.Machine)}:{PortOf(c).ToString(CultureInfo.InvariantCulture)}"))).ToList();
        Replace(hubs, CheckTargets.Central, args.Central, "--central");
        Replace(hubs, CheckTargets.Edge, args.Edge, "--edge");
        if (args.Pushgateways.Count > 0)
        {
            var named = hubs.Where(h => h.Role == "pushgateway").Select(h => h.Name).ToList();
            hubs.RemoveAll(h => h.Role == "pushgateway");
            hubs.AddRange(args.Pushgateways.Select((u, i) => new HubTarget(
                i < named.Count ? named[i] : "pushgateway-" + (i + 1).ToString(CultureInfo.InvariantCulture), "pushgateway", HttpUrl(u, "--pushgateway"))));
        }

        return new CheckTargets(hubs, NatsTargets(nats, args), Agents(shift, HostOf, args.Secure is not null))
        {
            NatsAuth = nats.Security?.ClientAuth() ?? args.Secure?.Nats.ClientAuth(),
        };
    }

    private static void Replace(List<HubTarget> hubs, string name, string? url, string option)
    {
        if (url is not null)
        {
            var i = hubs.FindIndex(h => h.Name == name);
            hubs[i] = hubs[i] with { BaseUrl = HttpUrl(url, option) };
        }
    }

    private static List<NatsTarget> NatsTargets(NatsTopologyOptions nats, CheckArguments args)
    {
        var consumers = NatsStreamPlan.For(nats);
        var targets = nats.Nodes.Select(n => new NatsTarget(
            n.Name,
            n.ClientUrl,
            nats.MonitorUrlOf(n),
            consumers.FirstOrDefault(t => t.Label == n.Name || t.Urls.Contains(n.ClientUrl))?.Consumers ?? [],
            nats.LeafHubOf(n)?.Name)).ToList();
        foreach (var (name, url) in args.Nats.Select(v => NamedUrl(v, "--nats")))
        {
            var i = Index(targets, name, "--nats");
            targets[i] = targets[i] with { ClientUrl = Url(url, "--nats", "nats", "nats://10.0.0.5:4222").ToString().TrimEnd('/') };
        }

        foreach (var (name, url) in args.NatsMonitors.Select(v => NamedUrl(v, "--nats-monitor")))
        {
            var i = Index(targets, name, "--nats-monitor");
            targets[i] = targets[i] with { MonitorUrl = HttpUrl(url, "--nats-monitor").ToString().TrimEnd('/') };
        }

        return targets;
    }

    private static List<UpAgent> Agents(int shift, Func<string, string> hostOf, bool healthTls)
    {
        var agents = new List<UpAgent>();
        foreach (var (verb, file) in AgentConfigRenderer.Agents)
        {
            var path = Path.Combine(AgentConfigRenderer.TemplateDirectory, file);
            var options = AgentConfigLoader.Load(path, [Path.GetFileNameWithoutExtension(file)], _ => null);
            if (options.HealthPort is { } port)
            {
                agents.Add(new UpAgent(verb, path, options.Agent.Name, options.Agent.Node, port + shift, hostOf(options.Agent.Node)) { HealthTls = healthTls });
            }
        }

        return agents;
    }

    private static int Index(List<NatsTarget> targets, string name, string option)
    {
        var i = targets.FindIndex(t => t.Name == name);
        return i >= 0 ? i : throw new CheckTargetException($"{option} {name}=...: no NATS node '{name}' in the topology (nodes: {string.Join(", ", targets.Select(t => t.Name))})");
    }

    private static (string Name, string Url) NamedUrl(string value, string option)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq < value.Length - 1
            ? (value[..eq], value[(eq + 1)..])
            : throw new CheckTargetException($"{option} '{value}' is not NAME=URL (e.g. {option} pc2={(option == "--nats" ? "nats://10.0.0.6:4223" : "http://10.0.0.6:8223")})");
    }

    /// <summary>An http(s) URL; a bare HOST:PORT is read as http://HOST:PORT.</summary>
    public static Uri HttpUrl(string value, string option) => Url(value, option, "http", "http://10.0.0.5:9000");

    private static Uri Url(string value, string option, string scheme, string example)
    {
        var text = value.Contains("://", StringComparison.Ordinal) ? value : scheme + "://" + value;
        var ok = Uri.TryCreate(text, UriKind.Absolute, out var uri)
                 && (uri.Scheme == scheme || (scheme == "http" && uri.Scheme == "https") || (scheme == "nats" && uri.Scheme == "tls"))
                 && !string.IsNullOrEmpty(uri.Host) && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query);
        return ok ? uri! : throw new CheckTargetException($"{option} '{value}' is not a {scheme} URL of a server (e.g. {example})");
    }
}
