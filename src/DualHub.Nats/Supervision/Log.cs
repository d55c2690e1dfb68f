using Microsoft.Extensions.Logging;

namespace DualHub.Nats.Supervision;

internal static partial class Log
{
    [LoggerMessage(1004, LogLevel.Information, "nats-server {Node} ready ({Readiness}; client {ClientUrl}, monitoring {MonitorUrl})")]
    public static partial void Ready(ILogger logger, string node, NatsReadiness readiness, string clientUrl, string monitorUrl);
}
