using System.Text.RegularExpressions;
using DualHub.Client.Options;

namespace DualHub.Cli.Up;

/// <summary>
/// Renders the pilot agents' configs (deploy/agents, shipped next to the CLI) for a port shift: every loopback port and
/// <c>health_port</c> moves by the same offset as the hubs and NATS, so a shifted <c>up</c> is self-contained.
/// </summary>
internal static partial class AgentConfigRenderer
{
    public static readonly IReadOnlyList<(string Verb, string File)> Agents =
    [
        ("resource-manager", "resource_manager.yaml"),
        ("unified-utils", "unified_utils.yaml"),
        ("observability-hub", "observability_hub.yaml"),
    ];

    public static string TemplateDirectory => Path.Combine(AppContext.BaseDirectory, "agents");

    public static IReadOnlyList<UpAgent> Render(string outputDirectory, int portShift)
    {
        Directory.CreateDirectory(outputDirectory);
        var result = new List<UpAgent>();
        foreach (var (verb, file) in Agents)
        {
            var text = File.ReadAllText(Path.Combine(TemplateDirectory, file));
            text = LoopbackPorts.Shift(text, portShift);
            text = HealthPort().Replace(text, m => m.Groups[1].Value + LoopbackPorts.ShiftPort(m.Groups[2].Value, portShift));
            if (!SpoolKey().IsMatch(text))
            {
                // Each run's spool lives in its state folder, not in the user's shared default.
                var spool = Path.Combine(outputDirectory, "spool", Path.GetFileNameWithoutExtension(file));
                text += $"\nspool: {{ path: \"{spool}\" }}\n";
            }

            var path = Path.Combine(outputDirectory, file);
            File.WriteAllText(path, text);
            // Only the file's own values: the OBS_HUB_URL override is for a real agent, not for the drill's.
            var options = AgentConfigLoader.Load(path, [Path.GetFileNameWithoutExtension(file)], _ => null);
            result.Add(new UpAgent(verb, path, options.Agent.Name, options.Agent.Node, options.HealthPort ?? throw new InvalidOperationException($"{path}: health_port is required for dualhub up")));
        }

        return result;
    }

    [GeneratedRegex(@"(?m)^spool:")]
    private static partial Regex SpoolKey();

    [GeneratedRegex(@"(?m)^(health_port:\s*)(\d{2,5})")]
    private static partial Regex HealthPort();
}
