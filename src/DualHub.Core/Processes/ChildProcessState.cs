namespace DualHub.Core.Processes;

/// <summary>Where a child process stands; the names are what status tables show.</summary>
public enum ChildProcessState
{
    /// <summary>Not started, stopped, killed, or exited without a restart.</summary>
    Stopped,

    /// <summary>Started, its readiness not yet seen.</summary>
    Starting,

    /// <summary>Started and seen ready (or continued after a pause).</summary>
    Running,

    /// <summary>Exited unexpectedly; started again after the backoff delay.</summary>
    Restarting,

    /// <summary>SIGSTOP: it holds its sockets and answers nothing.</summary>
    Paused,
}
