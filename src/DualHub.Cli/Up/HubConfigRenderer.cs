namespace DualHub.Cli.Up;

/// <summary>
/// Renders the shipped hub configs (deploy/hubs, next to the CLI) for a port shift. Only EdgeHub has one: it scrapes the
/// pilot agents and local hubs and remote-writes to CentralHub.
/// </summary>
internal static class HubConfigRenderer
{
    public static string TemplateDirectory => Path.Combine(AppContext.BaseDirectory, "hubs");

    /// <summary>The rendered config of <paramref name="role"/> in <paramref name="outputDirectory"/>, or null when none is shipped.</summary>
    public static string? Render(string role, string outputDirectory, int portShift)
    {
        var template = Path.Combine(TemplateDirectory, role + ".yml");
        if (!File.Exists(template))
        {
            return null;
        }

        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, role + ".yml");
        File.WriteAllText(path, LoopbackPorts.Shift(File.ReadAllText(template), portShift));
        return path;
    }
}
