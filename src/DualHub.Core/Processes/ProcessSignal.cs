using System.Runtime.InteropServices;

namespace DualHub.Core.Processes;

/// <summary>
/// kill(2) for supervisors and drills: .NET's Process only offers SIGKILL; graceful stop and a hung peer need
/// SIGTERM/SIGSTOP/SIGCONT.
/// </summary>
public static partial class ProcessSignal
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Stop = 19;
    public const int Cont = 18;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone or not ours.</summary>
    public static bool Send(int pid, int signal) => NativeKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int sig);
}
