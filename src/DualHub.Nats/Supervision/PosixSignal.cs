using System.Runtime.InteropServices;

namespace DualHub.Nats.Supervision;

/// <summary>kill(2): .NET's Process only offers SIGKILL; graceful stop and freeze need SIGTERM/SIGSTOP/SIGCONT.</summary>
internal static partial class PosixSignal
{
    public const int Term = 15;
    public const int Stop = 19;
    public const int Cont = 18;

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
