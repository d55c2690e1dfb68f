using DualHub.Core.Processes;
using DualHub.Nats.Topology;
using Microsoft.Extensions.Logging;

namespace DualHub.Nats.Supervision;

/// <summary>The lifecycle lines of one nats-server child, with its client and monitoring URLs at start.</summary>
internal sealed partial class NatsServerLog(ILogger logger, NatsNodeOptions node) : IChildProcessLog
{
    public void Started(int pid) => LogStarted(logger, node.Name, pid, node.ClientUrl, node.MonitorUrl);

    public void Ready(NatsReadiness readiness) => LogReady(logger, node.Name, readiness);

    // Never called: a nats-server child has no restart policy (node-loss drills rely on a dead server staying down).
    public void ExitedRestarting(int exitCode, TimeSpan delay) => LogExited(logger, node.Name, exitCode);

    public void Exited(int exitCode) => LogExited(logger, node.Name, exitCode);

    public void StopTimedOut(TimeSpan grace) => LogStopTimedOut(logger, node.Name, grace);

    public void Stopped(int exitCode) => LogStopped(logger, node.Name, exitCode);

    // Never called, as ExitedRestarting.
    public void RestartFailed(Exception exception, TimeSpan delay) => LogExited(logger, node.Name, -1);

    public void NoParentDeathSignal() => LogNoParentDeathSignal(logger, node.Name);

    [LoggerMessage(1001, LogLevel.Information, "nats-server {Node} started (pid {Pid}, client {ClientUrl}, monitoring {MonitorUrl})")]
    private static partial void LogStarted(ILogger logger, string node, int pid, string clientUrl, string monitorUrl);

    [LoggerMessage(1002, LogLevel.Information, "nats-server {Node} stopped (exit code {ExitCode})")]
    private static partial void LogStopped(ILogger logger, string node, int exitCode);

    [LoggerMessage(1003, LogLevel.Warning, "nats-server {Node} did not stop within {Grace}; killing it")]
    private static partial void LogStopTimedOut(ILogger logger, string node, TimeSpan grace);

    [LoggerMessage(1004, LogLevel.Information, "nats-server {Node} ready ({Readiness})")]
    private static partial void LogReady(ILogger logger, string node, NatsReadiness readiness);

    [LoggerMessage(1005, LogLevel.Warning, "setpriv not found (Debian package util-linux): nats-server {Node} will outlive this process if it is killed")]
    private static partial void LogNoParentDeathSignal(ILogger logger, string node);

    [LoggerMessage(1006, LogLevel.Debug, "nats-server {Node} exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, string node, int exitCode);
}
