using System.Diagnostics;
using System.Globalization;

namespace DualHub.Cli.Supervision;

/// <summary>
/// A child started by <c>dualhub up</c> exits when its supervisor is gone (even after a SIGKILL of the
/// supervisor), so no orphaned hub keeps a port. Linux has no portable way to set PDEATHSIG from .NET.
/// </summary>
internal static class ParentWatch
{
    public const string EnvironmentVariable = "DUALHUB_PARENT_PID";

    // Rooted so the timer lives as long as the process.
    private static ITimer? _timer;

    public static void StartIfRequested(TimeProvider time)
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        var timer = time.CreateTimer(
            _ =>
            {
                if (!IsAlive(pid))
                {
                    Console.Error.WriteLine($"dualhub: supervisor {pid} is gone, exiting");
                    Environment.Exit(3);
                }
            },
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));
        _timer = timer;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
