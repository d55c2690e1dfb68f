using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DualHub.Nats.Messaging;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Up;

/// <summary>
/// The complete config of each hub, for <c>up</c> (loopback, shifted ports) and <c>render</c> (each machine's host):
/// the shipped template of its role if any (deploy/hubs, next to the CLI; only EdgeHub has one: it scrapes the pilot
/// agents and local hubs and remote-writes to CentralHub), then role, listen, data_dir and nats, and for CentralHub its
/// long-term store (<c>remote_write</c> and <c>query</c>). Every hub then runs as <c>dualhub hub --config FILE</c>, so
/// what <c>up</c> runs is what <c>render</c> ships.
/// </summary>
internal static partial class HubConfigRenderer
{
    public static string TemplateDirectory => Path.Combine(AppContext.BaseDirectory, "hubs");

    /// <summary>The command line (after the executable) that runs a hub from its config (and its web config, if any).</summary>
    public static string[] Arguments(string configPath, string? webConfigFile = null) =>
        webConfigFile is null ? ["hub", "--config", configPath] : ["hub", "--config", configPath, "--web.config.file", webConfigFile];

    /// <summary>
    /// The YAML of hub <paramref name="hub"/> (its <see cref="UpComponent.Port"/> is already shifted); CentralHub writes
    /// to and queries <paramref name="store"/> when one is given.
    /// </summary>
    /// <remarks>
    /// CentralHub also gets <paramref name="consoleYaml"/> (the deployment its console shows) when given. With
    /// <paramref name="secure"/> the template's scrapes and remote_write (all towards hubs) go over https with its client keys.
    /// </remarks>
    public static string Render(UpComponent hub, Addressing addressing, string dataDir, NatsTopologyOptions nats, StoreEndpoints? store = null, string? consoleYaml = null, SecureMaterial? secure = null)
    {
        var template = Path.Combine(TemplateDirectory, hub.Role + ".yml");
        var text = File.Exists(template) ? addressing.Apply(File.ReadAllText(template)) : string.Empty;
        if (secure is not null)
        {
            text = SecureConfigs.HubTemplate(text, secure);
        }

        var sb = new StringBuilder(text);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            sb.Append('\n');
        }

        sb.Append(CultureInfo.InvariantCulture, $"# {hub.Name} on {hub.Machine}: rendered by dualhub\n");
        if (!HasKey(text, "role"))
        {
            sb.Append(CultureInfo.InvariantCulture, $"role: {hub.Role}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"listen: {YamlText.Quote(addressing.HostOf(hub.Port) + ":" + addressing.Listening(hub.Port).ToString(CultureInfo.InvariantCulture))}\n");
        sb.Append(CultureInfo.InvariantCulture, $"data_dir: {YamlText.Quote(dataDir)}\n");
        var urls = NatsUrls(hub, nats);
        if (urls.Count > 0 && !HasKey(text, "nats"))
        {
            // EdgeHub publishes its journal to its own machine's server (MainPC's as failover),
            // CentralHub consumes MainPC's stream, which sources PC2's through the leafnode.
            sb.Append(CultureInfo.InvariantCulture, $"nats:\n  url: {YamlText.Quote(string.Join(',', urls))}\n");
            if (hub.Role == "edge")
            {
                sb.Append(CultureInfo.InvariantCulture, $"  node: {YamlText.Quote(hub.Machine)}\n");
            }

            AppendNatsAuth(sb, nats.Security?.ClientAuth());
        }

        if (hub.Role == "central" && store is not null && !HasKey(text, "remote_write") && !HasKey(text, "query"))
        {
            // Every sample central journals goes to the store once and in order, from its own cursor (a store outage
            // only grows the backlog); the query API forwards to it.
            sb.Append("remote_write:\n");
            sb.Append(CultureInfo.InvariantCulture, $"  - url: {YamlText.Quote(store.WriteUrl.AbsoluteUri)}\n");
            sb.Append("    name: store\n");
            if (store.ResendWindow is { } window)
            {
                // VictoriaMetrics acknowledges before it persists (several seconds in memory): after a failure send the
                // window again, so a store killed with kill -9 loses nothing; it drops the exact duplicates.
                sb.Append(CultureInfo.InvariantCulture, $"    resend_window: {window}\n");
            }
            sb.Append("    queue_config:\n");
            sb.Append("      max_samples_per_send: 10000\n");
            sb.Append("      max_backoff: 1s\n");
            sb.Append(CultureInfo.InvariantCulture, $"query:\n  url: {YamlText.Quote(store.QueryUrl.AbsoluteUri)}\n");
        }

        if (hub.Role == "central" && consoleYaml is not null && !HasKey(text, "console"))
        {
            sb.Append(consoleYaml);
        }

        return sb.ToString();
    }

    /// <summary>NATS servers of a hub, local first: central -> MainPC; edge -> its machine, then MainPC.</summary>
    public static IReadOnlyList<string> NatsUrls(UpComponent hub, NatsTopologyOptions nats)
    {
        var central = nats.Nodes.FirstOrDefault(n => n.Role == "central") ?? nats.Nodes.FirstOrDefault(n => n.Name == "mainpc");
        var local = nats.Nodes.FirstOrDefault(n => n.Name == hub.Machine);
        return hub.Role switch
        {
            "central" when central is not null => [central.ClientUrl],
            "edge" when local is not null && central is not null && local != central => [local.ClientUrl, central.ClientUrl],
            "edge" when local is not null => [local.ClientUrl],
            _ => [],
        };
    }

    /// <summary>The <c>user</c>, <c>password_file</c> and <c>tls_config</c> keys of a <c>nats:</c> section (indented 2).</summary>
    public static void AppendNatsAuth(StringBuilder sb, NatsClientAuth? auth)
    {
        if (auth is null)
        {
            return;
        }

        if (auth.User is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  user: {YamlText.Quote(auth.User)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  password_file: {YamlText.Quote(auth.PasswordFile ?? string.Empty)}\n");
        }

        if (auth.Tls is { } tls)
        {
            sb.Append("  tls_config:\n");
            foreach (var (key, value) in new[] { ("ca_file", tls.CaFile), ("cert_file", tls.CertFile), ("key_file", tls.KeyFile) })
            {
                if (value is not null)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"    {key}: {YamlText.Quote(value)}\n");
                }
            }
        }
    }

    private static bool HasKey(string yaml, string key) => Regex.IsMatch(yaml, $"(?m)^{Regex.Escape(key)}:", RegexOptions.None, TimeSpan.FromSeconds(1));
}
