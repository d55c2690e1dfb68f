using System.Globalization;
using System.Text;
using DualHub.Metrics.Durations;
using DualHub.Nats.Topology;

namespace DualHub.Nats.Config;

/// <summary>
/// Renders nats-server 2.9 configuration files (names checked against 2.9.10: leafnode <c>reconnect</c> is integer
/// seconds, no <c>sync_interval</c>). Every node gets its own listen, monitoring, route/leaf ports and store dir.
/// </summary>
public static class NatsConfigRenderer
{
    /// <summary>Subjects kept off the leaf link: each machine stores its own publishes and the hub sources the rest,
    /// so a message crossing the link as well would be stored twice.</summary>
    public const string LeafDeniedSubjects = "observability.>";

    /// <summary>File name of a node's config (<c>nats-&lt;name&gt;.conf</c>).</summary>
    public static string FileName(NatsNodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return $"nats-{node.Name}.conf";
    }

    /// <summary>The config text of <paramref name="node"/>; validate the topology first.</summary>
    public static string Render(NatsTopologyOptions topology, NatsNodeOptions node)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        sb.Append("# nats-server 2.9 config rendered by dualhub: topology ").Append(topology.Topology.ToString().ToLowerInvariant())
          .Append(", node ").Append(node.Name).Append('\n');
        sb.Append("server_name: ").Append(Q(node.Name)).Append('\n');
        sb.Append("listen: ").Append(Q(HostPort(node.Host, node.ClientPort))).Append('\n');
        // With monitor_tls the monitoring port is served with the tls block below.
        sb.Append(topology.Security is { MonitorTls: true } ? "https: " : "http: ").Append(Q(HostPort(node.Host, node.MonitorPort))).Append('\n');
        sb.Append("# ping often so a silent client or peer is noticed in seconds, not minutes\n");
        sb.Append("ping_interval: ").Append(Q(NatsDuration(DurationText.Parse(topology.PingInterval, DurationSyntax.Go, "nats.ping_interval")))).Append('\n');
        sb.Append("ping_max: 2\n");
        sb.Append("logtime: true\n");
        if (topology.Security is { } security)
        {
            RenderClientSecurity(sb, security);
        }

        sb.Append('\n');

        sb.Append("jetstream {\n");
        sb.Append("  store_dir: ").Append(Q(node.StoreDir)).Append('\n');
        if (topology.Topology == NatsTopologyKind.Leaf)
        {
            sb.Append("  # own domain per machine: each keeps its JetStream API through a partition\n");
            sb.Append("  domain: ").Append(Q(node.Name)).Append('\n');
        }

        sb.Append("}\n");

        switch (topology.Topology)
        {
            case NatsTopologyKind.Leaf:
                RenderLeaf(sb, topology, node);
                break;
            default:
                RenderCluster(sb, topology, node);
                break;
        }

        return sb.ToString();
    }

    /// <summary>Writes every node's config into <paramref name="directory"/>; returns node name -> file path.</summary>
    public static IReadOnlyDictionary<string, string> RenderAll(NatsTopologyOptions topology, string directory)
    {
        ArgumentNullException.ThrowIfNull(topology);
        NatsTopologyValidator.ThrowIfInvalid(topology);
        Directory.CreateDirectory(directory);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in topology.Nodes)
        {
            var path = Path.Combine(directory, FileName(node));
            File.WriteAllText(path, Render(topology, node));
            if (topology.Security?.User is not null && !OperatingSystem.IsWindows())
            {
                // An edge's leafnode remote carries the password itself.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            files[node.Name] = path;
        }

        return files;
    }

    private static void RenderLeaf(StringBuilder sb, NatsTopologyOptions topology, NatsNodeOptions node)
    {
        var hub = topology.LeafHubOf(node);
        if (topology.IsLeafHub(node))
        {
            sb.Append("\nleafnodes {\n");
            sb.Append("  listen: ").Append(Q(HostPort(node.EffectiveLeafHost, node.EffectiveLeafPort))).Append('\n');
            if (topology.Security is { } security)
            {
                RenderServerTls(sb, security, "  ");
                RenderUser(sb, security, "  ");
            }

            sb.Append("}\n");
        }
        else if (hub is not null)
        {
            var security = topology.Security;
            var credentials = security?.User is { } user ? Uri.EscapeDataString(user) + ":" + Uri.EscapeDataString(security.ReadPassword()) + "@" : string.Empty;
            var url = "nats-leaf://" + credentials + HostPort(hub.EffectiveLeafHost, hub.EffectiveLeafPort);
            sb.Append("\nleafnodes {\n");
            sb.Append("  # integer seconds: 2.9.10 refuses a unit here\n");
            sb.Append("  reconnect: ").Append(topology.LeafReconnectSeconds.ToString(CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("  remotes: [\n");
            sb.Append("    {\n");
            sb.Append("      urls: [").Append(Q(url)).Append("]\n");
            sb.Append("      deny_imports: [").Append(Q(LeafDeniedSubjects)).Append("]\n");
            sb.Append("      deny_exports: [").Append(Q(LeafDeniedSubjects)).Append("]\n");
            if (security is { Tls: true })
            {
                sb.Append("      tls {\n");
                AppendPath(sb, "        ", "ca_file", security.CaFile);
                AppendPath(sb, "        ", "cert_file", security.ClientCertFile);
                AppendPath(sb, "        ", "key_file", security.ClientKeyFile);
                sb.Append("      }\n");
            }

            sb.Append("    }\n");
            sb.Append("  ]\n");
            sb.Append("}\n");
        }
    }

    // Every client (DualHub's hubs, agents, CLI) logs in as the one user; the conf holds the password's bcrypt hash.
    private static void RenderClientSecurity(StringBuilder sb, NatsSecurityOptions security)
    {
        sb.Append('\n');
        RenderUser(sb, security, string.Empty);
        RenderServerTls(sb, security, string.Empty);
    }

    private static void RenderUser(StringBuilder sb, NatsSecurityOptions security, string indent)
    {
        if (security.User is not null)
        {
            sb.Append(indent).Append("authorization {\n");
            sb.Append(indent).Append("  user: ").Append(Q(security.User)).Append('\n');
            sb.Append(indent).Append("  password: ").Append(Q(Hash(security))).Append('\n');
            sb.Append(indent).Append("}\n");
        }
    }

    private static void RenderServerTls(StringBuilder sb, NatsSecurityOptions security, string indent, bool verify = false)
    {
        if (!security.Tls)
        {
            return;
        }

        sb.Append(indent).Append("tls {\n");
        AppendPath(sb, indent + "  ", "cert_file", security.CertFile);
        AppendPath(sb, indent + "  ", "key_file", security.KeyFile);
        AppendPath(sb, indent + "  ", "ca_file", security.CaFile);
        if (security.VerifyClients || verify)
        {
            sb.Append(indent).Append("  verify: true\n");
        }

        sb.Append(indent).Append("  timeout: 2\n");
        sb.Append(indent).Append("}\n");
    }

    private static void AppendPath(StringBuilder sb, string indent, string key, string? path)
    {
        if (path is not null)
        {
            sb.Append(indent).Append(key).Append(": ").Append(Q(path)).Append('\n');
        }
    }

    // Cost 10: nats-server checks it at every client connect.
    private static string Hash(NatsSecurityOptions security) => BCrypt.Net.BCrypt.HashPassword(security.ReadPassword(), 10);

    private static void RenderCluster(StringBuilder sb, NatsTopologyOptions topology, NatsNodeOptions node)
    {
        sb.Append("\ncluster {\n");
        sb.Append("  name: ").Append(Q(topology.ClusterName)).Append('\n');
        sb.Append("  listen: ").Append(Q(HostPort(node.Host, node.EffectiveClusterPort))).Append('\n');
        sb.Append("  routes: [\n");
        foreach (var peer in topology.Nodes.Where(p => !ReferenceEquals(p, node)))
        {
            sb.Append("    ").Append(Q("nats-route://" + HostPort(peer.Host, peer.EffectiveClusterPort))).Append('\n');
        }

        sb.Append("  ]\n");
        if (topology.Security is { Tls: true } security)
        {
            // Routes: nats-server verifies both ends (each dials with the server certificate, the CA checks it).
            RenderServerTls(sb, security, "  ", verify: true);
        }

        sb.Append("}\n");
    }

    private static string HostPort(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    // nats-server reads a Go duration; whole seconds or milliseconds keep rendered files as they were.
    private static string NatsDuration(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string Q(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
