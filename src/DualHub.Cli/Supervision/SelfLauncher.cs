namespace DualHub.Cli.Supervision;

/// <summary>How to start another copy of this CLI (a hub, an agent) as a child process.</summary>
internal static class SelfLauncher
{
    /// <summary>The executable and the arguments that precede the verb.</summary>
    public static (string FileName, string[] Prefix) Command()
    {
        // As NativeAOT the process is the dualhub binary itself; under the dotnet host it needs the dll next to it.
        var process = Environment.ProcessPath ?? "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, typeof(SelfLauncher).Assembly.GetName().Name + ".dll");
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? (process, [dll]) : (process, []);
    }
}
