using DualHub.Testing;

namespace DualHub.IntegrationTests;

/// <summary>
/// Runs the real <c>dualhub</c>: the native (NativeAOT) binary named by <c>DUALHUB_EXE</c>, which <c>./test.sh</c>
/// publishes and sets, so the tests run what users run; without it, the JIT build copied next to the tests.
/// </summary>
internal static class DualHubProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "dualhub.dll");

    /// <summary>The native binary under test, or null when the tests run the JIT build.</summary>
    public static string? Native => Environment.GetEnvironmentVariable("DUALHUB_EXE") is { Length: > 0 } exe ? exe : null;

    public static ExternalProcess Start(IEnumerable<string> args, string? directory = null, IDictionary<string, string>? env = null) =>
        Native is { } exe
            ? ExternalProcess.Start(exe, [.. args], directory, env)
            : ExternalProcess.Start("dotnet", [Dll, .. args], directory, env);

    /// <summary>Runs it under a launcher, e.g. <c>ip netns exec NAME</c> to put it in a network namespace.</summary>
    public static ExternalProcess StartUnder(IReadOnlyList<string> launcher, IEnumerable<string> args) =>
        Native is { } exe
            ? ExternalProcess.Start(launcher[0], [.. launcher.Skip(1), exe, .. args])
            : ExternalProcess.Start(launcher[0], [.. launcher.Skip(1), "dotnet", Dll, .. args]);

    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, TimeSpan timeout)
    {
        await using var p = Start(args);
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, p.Output);
    }
}
