namespace DualHub.Cli.Supervision;

/// <summary>How to start another copy of this CLI (a hub, an agent) as a child process.</summary>
internal static class SelfLauncher
{
    /// <summary>The executable and the arguments that precede the verb.</summary>
    public static (string FileName, string[] Prefix) Command()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(SelfLauncher).Assembly.Location;
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? (process, [dll]) : (process, []);
    }
}
