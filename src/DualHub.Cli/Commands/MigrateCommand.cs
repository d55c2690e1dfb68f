using System.CommandLine;
using System.Text;
using DualHub.Agents.Hosting;
using DualHub.Cli.Migration;
using DualHub.Client.Options;
using DualHub.Core.IO;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub migrate AGENT --config FILE --edge URL --central URL</c>: an agent's config to the dual-hub form, FILE.backup first.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var agent = new Argument<string>("agent") { Description = "resource-manager | unified-utils | observability-hub" };
        agent.AcceptOnlyFromAmong([.. PilotAgents.Names]);
        var config = new Option<FileInfo>("--config") { Description = "The agent's config file (rewritten in place; the original is kept as FILE.backup).", Required = true };
        var edge = new Option<string>("--edge") { Description = "EdgeHub URL, the new primary (the plan: http://PC2:9100).", Required = true };
        var central = new Option<string>("--central") { Description = "CentralHub URL, the failover (the plan: http://MainPC:9000).", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing FILE.backup (it may be the only copy of the original: roll back first)." };
        var cmd = new Command("migrate", "Move an agent's config to dual-hub: primary EdgeHub, failover CentralHub, everything else kept; writes FILE.backup first, then FILE atomically.") { agent, config, edge, central, force };
        cmd.SetAction(parse =>
        {
            var file = parse.GetValue(config)!.FullName;
            var backup = file + ConfigRollback.BackupSuffix;
            try
            {
                var edgeUrl = HttpUrl(parse.GetValue(edge), "--edge");
                var centralUrl = HttpUrl(parse.GetValue(central), "--central");
                if (File.Exists(backup) && !parse.GetValue(force))
                {
                    Console.Error.WriteLine($"dualhub migrate: {backup} already exists (an earlier migrate?); it is kept: roll back with `dualhub rollback {file}`, or give --force to replace it");
                    return 2;
                }

                var info = new FileInfo(file);
                if (!info.Exists || info.Length > AgentConfigLoader.MaxConfigBytes)
                {
                    Console.Error.WriteLine($"dualhub migrate: {file}: {(info.Exists ? "larger than " + AgentConfigLoader.MaxConfigBytes + " bytes" : "not found")}");
                    return 2;
                }

                var section = ConfigRollback.SectionOf(parse.GetValue(agent)!);
                var original = File.ReadAllBytes(file);
                var text = Encoding.UTF8.GetString(original);
                AgentConfigLoader.Parse(text, file, [section], _ => null);
                var migrated = AgentConfigMigrator.Migrate(text, file, edgeUrl, centralUrl);
                // Checked before anything is written: the result must load, with both hubs in order.
                var options = AgentConfigLoader.Parse(migrated, file + " (migrated)", [section], _ => null);
                if (options.Hubs.Count != 2 || options.Hubs[0].Url != edgeUrl || options.Hubs[1].Url != centralUrl)
                {
                    Console.Error.WriteLine($"dualhub migrate: {file}: the migrated config does not have primary {edgeUrl} and fallback {centralUrl}; nothing written");
                    return 1;
                }

                AtomicFile.Write(backup, original, modeFrom: file);
                AtomicFile.Write(file, Encoding.UTF8.GetBytes(migrated));
                Console.WriteLine($"{backup}: original saved ({original.Length} bytes)");
                Console.WriteLine($"{file}: primary {edgeUrl} (EdgeHub), fallback {centralUrl} (CentralHub){(options.Pushgateway is { } pg ? $", pushgateway {pg}" : string.Empty)}");
                return 0;
            }
            catch (AgentConfigException ex)
            {
                Console.Error.WriteLine($"dualhub migrate: {ex.Message}");
                return 2;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"dualhub migrate: {file}: {ex.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static Uri HttpUrl(string? text, string option) =>
        Uri.TryCreate(text, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(u.Query) && string.IsNullOrEmpty(u.Fragment)
            ? u
            : throw new FormatException($"{option} '{text}' is not an absolute http:// or https:// URL");
}
