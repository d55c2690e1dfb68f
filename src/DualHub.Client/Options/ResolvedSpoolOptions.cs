namespace DualHub.Client.Options;

/// <summary>The on-disk spool after validation, its directory resolved (see <see cref="SpoolOptions"/>).</summary>
public sealed record ResolvedSpoolOptions
{
    internal ResolvedSpoolOptions(SpoolOptions options, AgentIdentity agent)
    {
        Path = string.IsNullOrEmpty(options.Path)
            ? System.IO.Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
                "dualhub", "spool", SafeFileName(agent.Name) + "-" + SafeFileName(agent.Node))
            : options.Path;
        MaxBatches = options.MaxBatches;
        MaxBytes = options.MaxBytes;
    }

    /// <summary>Directory of the spool: <c>&lt;local app data&gt;/dualhub/spool/&lt;agent&gt;-&lt;node&gt;</c> unless configured.</summary>
    public string Path { get; }

    /// <inheritdoc cref="SpoolOptions.MaxBatches"/>
    public int MaxBatches { get; }

    /// <inheritdoc cref="SpoolOptions.MaxBytes"/>
    public long MaxBytes { get; }

    private static string SafeFileName(string s)
    {
        // A label never becomes a path as is: anything but [A-Za-z0-9_.-] is replaced.
        var chars = s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray();
        var name = new string(chars);
        return name.Trim('.').Length == 0 ? "agent" : name;
    }
}
