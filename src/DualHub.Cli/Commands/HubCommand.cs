using System.CommandLine;
using DualHub.Hub;
using DualHub.Hub.Options;
using DualHub.Hub.Reload;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub hub</c>: runs one hub in any role.</summary>
internal static class HubCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Hub configuration file (YAML)." };
        var role = new Option<string?>("--role") { Description = "pushgateway | edge | central (overrides the config)." };
        var listen = new Option<string?>("--listen") { Description = "HOST:PORT to listen on (overrides the config)." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Data directory for the journal and snapshots (overrides the config)." };
        var nats = new Option<string?>("--nats") { Description = "NATS server URLs, comma-separated, local first (nats.url): an edge publishes its journal, a central consumes observability-metrics-centralhub." };
        var node = new Option<string?>("--node") { Description = "This hub's node name (nats.node): subject observability.metrics.<node> and msg-id prefix." };
        var webConfig = new Option<FileInfo?>("--web.config.file") { Description = "TLS and basic auth of the listener, Prometheus exporter-toolkit format (docs/security.md)." };
        var lifecycle = new Option<bool>("--web.enable-lifecycle") { Description = "Enable shutdown and reload via HTTP (/-/quit, /-/reload), as enable_lifecycle: true." };
        var cmd = new Command("hub", "Run one hub (pushgateway, edge or central role); SIGHUP reloads the config file.") { config, role, listen, data, nats, node, webConfig, lifecycle };
        cmd.SetAction(async (parse, ct) =>
        {
            HubOptions options;
            HubConfigSource source;
            try
            {
                // The file first, then the flags, then one check of the whole: errors come in that order.
                var file = parse.GetValue(config);
                var document = file is null ? HubConfigDocument.Empty : HubConfigLoader.ReadFile(file.FullName);
                var overrides = new HubOverrides
                {
                    Role = parse.GetValue(role) is { } r ? HubConfigLoader.ParseRole(r, "--role") : null,
                    Listen = parse.GetValue(listen),
                    DataDir = parse.GetValue(data)?.FullName,
                    NatsUrl = parse.GetValue(nats),
                    NatsNode = parse.GetValue(node),
                    WebConfigFile = parse.GetValue(webConfig)?.FullName,
                    EnableLifecycle = parse.GetValue(lifecycle) ? true : null,
                };
                options = HubConfigLoader.Resolve(document, overrides);
                source = new HubConfigSource(file?.FullName, overrides);
            }
            catch (HubConfigException ex)
            {
                await Console.Error.WriteLineAsync("dualhub hub: config error: " + ex.Message);
                return 2;
            }

            return await HubHost.RunAsync(options, source, ct: ct);
        });
        return cmd;
    }
}
