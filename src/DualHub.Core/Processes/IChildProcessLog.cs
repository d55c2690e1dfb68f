namespace DualHub.Core.Processes;

/// <summary>
/// The log lines of a child process's lifecycle. Its owner may supply them (<see cref="ChildProcessSpec.Log"/>) so that
/// each kind of child keeps its own event ids and words; otherwise the primitive's own lines are written.
/// </summary>
public interface IChildProcessLog
{
    void Started(int pid);

    void ExitedRestarting(int exitCode, TimeSpan delay);

    /// <summary>An unexpected exit of a child that is not restarted.</summary>
    void Exited(int exitCode);

    void StopTimedOut(TimeSpan grace);

    /// <summary>Stopped or killed on purpose.</summary>
    void Stopped(int exitCode);

    void RestartFailed(Exception exception, TimeSpan delay);

    void NoParentDeathSignal();
}
