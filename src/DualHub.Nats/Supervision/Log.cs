using Microsoft.Extensions.Logging;

namespace DualHub.Nats.Supervision;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "nats-server {Node} started (pid {Pid}, client {ClientUrl}, monitoring {MonitorUrl})")]
    public static partial void Started(ILogger logger, string node, int pid, string clientUrl, string monitorUrl);

    [LoggerMessage(1002, LogLevel.Information, "nats-server {Node} stopped (exit code {ExitCode})")]
    public static partial void Stopped(ILogger logger, string node, int exitCode);

    [LoggerMessage(1003, LogLevel.Warning, "nats-server {Node} did not stop within {Grace}; killing it")]
    public static partial void StopTimedOut(ILogger logger, string node, TimeSpan grace);

    [LoggerMessage(1005, LogLevel.Warning, "setpriv not found (Debian package util-linux): nats-server {Node} will outlive this process if it is killed")]
    public static partial void NoParentDeathSignal(ILogger logger, string node);

    [LoggerMessage(1004, LogLevel.Information, "nats-server {Node} ready ({Readiness})")]
    public static partial void Ready(ILogger logger, string node, NatsReadiness readiness);
}
