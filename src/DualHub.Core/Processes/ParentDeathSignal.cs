namespace DualHub.Core.Processes;

/// <summary>
/// util-linux <c>setpriv --pdeathsig KILL --</c> (Debian: util-linux, Essential) sets PR_SET_PDEATHSIG and execs the
/// program, so the kernel kills it when its parent dies, even by SIGKILL, and its pid stays the program's. The signal
/// survives exec (for a program that is not set-user-ID). Children must be started from <see cref="LauncherThread"/>.
/// </summary>
internal static class ParentDeathSignal
{
    private static readonly Lazy<string?> s_setpriv = new(() =>
        new[] { "/usr/bin/setpriv", "/bin/setpriv" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => Path.Combine(p, "setpriv")))
            .FirstOrDefault(File.Exists));

    /// <summary>setpriv, or null when this system has none (then children can outlive a killed parent).</summary>
    public static string? Setpriv => OperatingSystem.IsLinux() ? s_setpriv.Value : null;

    /// <summary>The command prefix, or empty when setpriv is missing.</summary>
    public static IReadOnlyList<string> Prefix => Setpriv is { } setpriv ? [setpriv, "--pdeathsig", "KILL", "--"] : [];
}
