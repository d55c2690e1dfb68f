namespace DualHub.Core.Processes;

/// <summary>
/// One supervised child process: started on demand, its output captured, probed for readiness, stopped with SIGTERM
/// then SIGKILL, paused and continued (a hung peer), restarted with capped backoff when it exits unexpectedly (if its
/// spec says so). Disposing stops it.
/// </summary>
public interface IChildProcess : IAsyncDisposable
{
    ChildProcessSpec Spec { get; }

    ChildProcessState State { get; }

    bool IsRunning { get; }

    /// <summary>Process id while running.</summary>
    int? ProcessId { get; }

    /// <summary>Exit code of the last process once it has exited; null while running or never started.</summary>
    int? ExitCode { get; }

    /// <summary>Unexpected exits that were followed by a restart, since creation.</summary>
    int Restarts { get; }

    /// <summary>Starts the process (no-op while it runs); completes once it runs, without waiting for readiness.</summary>
    Task StartAsync(CancellationToken ct = default);

    /// <summary>
    /// Probes the spec's readiness every <see cref="ChildProcessSpec.ProbeInterval"/> until ready, the deadline, or the
    /// process is gone for good; ready marks the child <see cref="ChildProcessState.Running"/>.
    /// </summary>
    Task<ReadinessResult> WaitReadyAsync(TimeSpan timeout, CancellationToken ct = default);

    /// <summary>As <see cref="WaitReadyAsync(TimeSpan, CancellationToken)"/> with another probe (a stricter or looser "ready").</summary>
    Task<ReadinessResult> WaitReadyAsync(IReadinessProbe probe, TimeSpan timeout, CancellationToken ct = default);

    /// <summary>SIGCONT (a paused child cannot handle SIGTERM), SIGTERM, then SIGKILL after <paramref name="grace"/>; no restart.</summary>
    Task StopAsync(TimeSpan grace, CancellationToken ct = default);

    /// <summary>SIGKILL, no restart: a crash.</summary>
    Task KillAsync(CancellationToken ct = default);

    /// <summary>
    /// Waits until the current process has exited and its output is read (a one-shot child, whose spec has no
    /// <see cref="ChildProcessSpec.Restart"/>); returns its exit code.
    /// </summary>
    /// <exception cref="InvalidOperationException">The child was never started.</exception>
    Task<int> WaitForExitAsync(CancellationToken ct = default);

    /// <summary>SIGSTOP; false when the process is not running.</summary>
    bool Pause();

    /// <summary>SIGCONT after <see cref="Pause"/>; false when the process is not running.</summary>
    bool Unpause();
}
