using DualHub.Testing;

namespace DualHub.IntegrationTests;

/// <summary>Runs the real <c>dualhub</c> executable (copied next to the tests by the project reference).</summary>
internal static class DualHubProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "dualhub.dll");

    public static ExternalProcess Start(IEnumerable<string> args, string? directory = null, IDictionary<string, string>? env = null) =>
        ExternalProcess.Start("dotnet", [Dll, .. args], directory, env);

    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        await using var p = Start(args);
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, p.Output);
    }
}
