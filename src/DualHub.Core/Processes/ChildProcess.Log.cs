using Microsoft.Extensions.Logging;

namespace DualHub.Core.Processes;

internal sealed partial class ChildProcess
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "{Name} started (pid {Pid})")]
        public static partial void Started(ILogger logger, string name, int pid);

        [LoggerMessage(1002, LogLevel.Warning, "{Name} exited with code {Code}; restarting in {DelayMs} ms")]
        public static partial void ExitedRestarting(ILogger logger, string name, int code, double delayMs);

        [LoggerMessage(1003, LogLevel.Warning, "{Name} did not stop within {Grace} of SIGTERM; killing it")]
        public static partial void StopTimedOut(ILogger logger, string name, TimeSpan grace);

        [LoggerMessage(1004, LogLevel.Information, "{Name} stopped (exit code {ExitCode})")]
        public static partial void Stopped(ILogger logger, string name, int exitCode);

        [LoggerMessage(1005, LogLevel.Warning, "setpriv not found (Debian package util-linux): {Name} will outlive this process if it is killed")]
        public static partial void NoParentDeathSignal(ILogger logger, string name);

        [LoggerMessage(1006, LogLevel.Warning, "{Name} exited with code {Code}")]
        public static partial void Exited(ILogger logger, string name, int code);

        [LoggerMessage(1007, LogLevel.Error, "{Name} could not be restarted; trying again in {DelayMs} ms")]
        public static partial void RestartFailed(ILogger logger, Exception error, string name, double delayMs);
    }
}
