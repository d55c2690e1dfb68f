using Microsoft.Extensions.Logging;

namespace DualHub.Core.Processes;

/// <summary>
/// The primitive's own lines, for a child whose owner supplies none (the children of <c>dualhub up</c>): its start, an
/// unexpected exit, a kill after the grace period. A stop on purpose is at debug level: the status table shows it.
/// </summary>
internal sealed partial class ChildProcessLog(ILogger logger, string name) : IChildProcessLog
{
    public void Started(int pid) => LogStarted(logger, name, pid);

    public void ExitedRestarting(int exitCode, TimeSpan delay) => LogExitedRestarting(logger, name, exitCode, delay.TotalMilliseconds);

    public void Exited(int exitCode) => LogExited(logger, name, exitCode);

    public void StopTimedOut(TimeSpan grace) => LogStopTimedOut(logger, name, grace.TotalSeconds);

    public void Stopped(int exitCode) => LogStopped(logger, name, exitCode);

    public void RestartFailed(Exception exception, TimeSpan delay) => LogRestartFailed(logger, exception, name, delay.TotalMilliseconds);

    public void NoParentDeathSignal() => LogNoParentDeathSignal(logger, name);

    [LoggerMessage(1001, LogLevel.Information, "{Name} started (pid {Pid})")]
    private static partial void LogStarted(ILogger logger, string name, int pid);

    [LoggerMessage(1002, LogLevel.Warning, "{Name} exited with code {Code}; restarting in {DelayMs} ms")]
    private static partial void LogExitedRestarting(ILogger logger, string name, int code, double delayMs);

    [LoggerMessage(1003, LogLevel.Warning, "{Name} did not stop within {Seconds} s of SIGTERM; killed")]
    private static partial void LogStopTimedOut(ILogger logger, string name, double seconds);

    [LoggerMessage(1004, LogLevel.Debug, "{Name} stopped (exit code {ExitCode})")]
    private static partial void LogStopped(ILogger logger, string name, int exitCode);

    [LoggerMessage(1005, LogLevel.Warning, "setpriv not found (Debian package util-linux): {Name} will outlive this process if it is killed")]
    private static partial void LogNoParentDeathSignal(ILogger logger, string name);

    [LoggerMessage(1006, LogLevel.Warning, "{Name} exited with code {Code}")]
    private static partial void LogExited(ILogger logger, string name, int code);

    [LoggerMessage(1007, LogLevel.Error, "{Name} could not be restarted; trying again in {DelayMs} ms")]
    private static partial void LogRestartFailed(ILogger logger, Exception error, string name, double delayMs);
}
