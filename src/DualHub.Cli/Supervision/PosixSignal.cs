using System.Runtime.InteropServices;

namespace DualHub.Cli.Supervision;

/// <summary>kill(2): drills need SIGSTOP/SIGCONT, which <see cref="System.Diagnostics.Process"/> cannot send.</summary>
internal static partial class PosixSignal
{
    public const int Term = 15;
    public const int Kill = 9;
    public const int Stop = 19;
    public const int Continue = 18;

    public static bool Send(int pid, int signal) => NativeKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int sig);
}
