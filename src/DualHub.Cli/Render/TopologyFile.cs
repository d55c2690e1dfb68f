using System.Globalization;
using System.Text;
using DualHub.Cli.Up;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Render;

/// <summary>
/// The topology as a file on every machine (<c>topology.yaml</c>), read by the machine's
/// <c>dualhub streams apply --topology FILE --node NAME</c> unit: each machine creates its own streams and consumers,
/// so neither needs the other up to start.
/// </summary>
internal static class TopologyFile
{
    public const string FileName = "topology.yaml";

    public static string Render(NatsTopologyOptions nats)
    {
        var sb = new StringBuilder();
        sb.Append("# The NATS topology of the deployment, rendered by `dualhub render`; read by dualhub-streams-<node>.service.\n");
        sb.Append("nats:\n");
        sb.Append("  topology: ").Append(nats.Topology.ToString().ToLowerInvariant()).Append('\n');
        sb.Append("  cluster_name: ").Append(YamlText.Quote(nats.ClusterName)).Append('\n');
        sb.Append("  duplicate_window: ").Append(YamlText.Quote(nats.DuplicateWindow)).Append('\n');
        sb.Append("  ping_interval: ").Append(YamlText.Quote(nats.PingInterval)).Append('\n');
        sb.Append("  leaf_reconnect_seconds: ").Append(Number(nats.LeafReconnectSeconds)).Append('\n');
        sb.Append("  nodes:\n");
        foreach (var n in nats.Nodes)
        {
            sb.Append("    - name: ").Append(YamlText.Quote(n.Name)).Append('\n');
            sb.Append("      host: ").Append(YamlText.Quote(n.Host)).Append('\n');
            sb.Append("      client_port: ").Append(Number(n.ClientPort)).Append('\n');
            sb.Append("      monitor_port: ").Append(Number(n.MonitorPort)).Append('\n');
            Optional(sb, "cluster_port", n.ClusterPort);
            Optional(sb, "leaf_port", n.LeafPort);
            Optional(sb, "leaf_host", n.LeafHost);
            Optional(sb, "leaf_hub", n.LeafHub);
            sb.Append("      store_dir: ").Append(YamlText.Quote(n.StoreDir)).Append('\n');
            Optional(sb, "role", n.Role);
        }

        if (nats.Security is { } security)
        {
            sb.Append("  security:\n");
            Key(sb, "user", security.User);
            Key(sb, "password_file", security.PasswordFile);
            Key(sb, "ca_file", security.CaFile);
            Key(sb, "cert_file", security.CertFile);
            Key(sb, "key_file", security.KeyFile);
            sb.Append("    verify_clients: ").Append(security.VerifyClients ? "true" : "false").Append('\n');
            Key(sb, "client_cert_file", security.ClientCertFile);
            Key(sb, "client_key_file", security.ClientKeyFile);
            if (security.MonitorTls)
            {
                sb.Append("    monitor_tls: true\n");
            }
        }

        return sb.ToString();
    }

    private static void Optional(StringBuilder sb, string key, int value)
    {
        if (value != 0)
        {
            sb.Append("      ").Append(key).Append(": ").Append(Number(value)).Append('\n');
        }
    }

    private static void Optional(StringBuilder sb, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            sb.Append("      ").Append(key).Append(": ").Append(YamlText.Quote(value)).Append('\n');
        }
    }

    private static void Key(StringBuilder sb, string key, string? value)
    {
        if (value is not null)
        {
            sb.Append("    ").Append(key).Append(": ").Append(YamlText.Quote(value)).Append('\n');
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
