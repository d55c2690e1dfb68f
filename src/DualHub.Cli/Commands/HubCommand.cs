using System.CommandLine;

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
        var cmd = new Command("hub", "Run one hub (pushgateway, edge or central role).") { config, role, listen, data };
        cmd.SetAction((parse, ct) =>
        {
            Console.Error.WriteLine("dualhub hub: not built yet");
            return Task.FromResult(1);
        });
        return cmd;
    }
}
