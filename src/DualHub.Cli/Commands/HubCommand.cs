using System.CommandLine;
using DualHub.Hub;
using DualHub.Hub.Options;

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
        var cmd = new Command("hub", "Run one hub (pushgateway, edge or central role).") { config, role, listen, data, nats, node };
        cmd.SetAction(async (parse, ct) =>
        {
            HubOptions options;
            try
            {
                var file = parse.GetValue(config);
                options = file is null ? new HubOptions() : HubConfigLoader.LoadFile(file.FullName);
                if (parse.GetValue(role) is { } r)
                {
                    options.Role = HubConfigLoader.ParseRole(r, "--role");
                }

                if (parse.GetValue(listen) is { } l)
                {
                    options.Listen = l;
                }

                if (parse.GetValue(data) is { } d)
                {
                    options.DataDir = d.FullName;
                }

                options.Nats.Url = parse.GetValue(nats) ?? options.Nats.Url;
                options.Nats.Node = parse.GetValue(node) ?? options.Nats.Node;

                HubConfigLoader.Validate(options);
            }
            catch (HubConfigException ex)
            {
                await Console.Error.WriteLineAsync("dualhub hub: config error: " + ex.Message);
                return 2;
            }

            return await HubHost.RunAsync(options, ct: ct);
        });
        return cmd;
    }
}
