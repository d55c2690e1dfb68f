using System.Globalization;
using System.Text.RegularExpressions;

namespace DualHub.Cli.Up;

/// <summary>
/// The pilot agents' configs (deploy/agents, shipped next to the CLI), for <c>up</c> (every loopback port and
/// <c>health_port</c> moved by the same offset as the hubs and NATS, so a shifted <c>up</c> is self-contained) and for
/// <c>render</c> (each hub on its machine's host). Both hubs stay: primary EdgeHub, fallback CentralHub.
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

    /// <summary>The command line (after the executable) that runs an agent from its config.</summary>
    public static string[] Arguments(string verb, string configPath) => ["agent", verb, "--config", configPath];

    /// <summary>The YAML of the agent shipped as <paramref name="file"/>; its spool goes under <paramref name="spoolRoot"/>.</summary>
    public static string Render(string file, Addressing addressing, string spoolRoot)
    {
        var text = addressing.Apply(File.ReadAllText(Path.Combine(TemplateDirectory, file)));
        text = HealthPort().Replace(text, m => m.Groups[1].Value + addressing.Port(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
        if (!HealthHostKey().IsMatch(text) && HealthPort().Match(text) is { Success: true } hp)
        {
            // The health listener is scraped by EdgeHub and watched by observability-hub at the machine's address.
            text += $"\nhealth_host: {YamlText.Quote(addressing.HostOf(int.Parse(hp.Groups[2].Value, CultureInfo.InvariantCulture)))}\n";
        }

        if (!SpoolKey().IsMatch(text))
        {
            // Each deployment's spool lives in its own state folder, not in the user's shared default.
            var spool = Path.Combine(spoolRoot, Path.GetFileNameWithoutExtension(file));
            text += $"\nspool: {{ path: {YamlText.Quote(spool)} }}\n";
        }

        return text;
    }

    [GeneratedRegex(@"(?m)^health_host:")]
    private static partial Regex HealthHostKey();

    [GeneratedRegex(@"(?m)^spool:")]
    private static partial Regex SpoolKey();

    [GeneratedRegex(@"(?m)^(health_port:\s*)(\d{2,5})")]
    private static partial Regex HealthPort();
}
