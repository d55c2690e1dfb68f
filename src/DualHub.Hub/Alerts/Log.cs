using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Alerts;

internal static partial class Log
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "Alert webhook: {Published} alerts published to NATS ({Duplicates} already stored)")]
    public static partial void WebhookPublished(ILogger logger, int published, int duplicates);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Alert webhook refused with 400: {Error}")]
    public static partial void WebhookRefused(ILogger logger, string error);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "Alert webhook answered 503 (Alertmanager retries): {Error}")]
    public static partial void WebhookUnavailable(ILogger logger, string error);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "Upstream {Upstream}: no 2xx for {Seconds:0} s; alert {Alert} {Status} on {Subject}")]
    public static partial void UpstreamAlert(ILogger logger, string upstream, double seconds, string alert, string status, string subject);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Information, Message = "Upstream {Upstream} forwards again; alert {Alert} resolved")]
    public static partial void UpstreamAlertResolved(ILogger logger, string upstream, string alert);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Warning, Message = "Alert {MsgId} not yet published to NATS, retrying in {DelayMs} ms: {Error}")]
    public static partial void AlertPublishRetrying(ILogger logger, string msgId, long delayMs, string error);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Information, Message = "Watching {Count} upstreams: an alert goes to NATS after {Seconds:0} s without a 2xx")]
    public static partial void WatchingUpstreams(ILogger logger, int count, double seconds);
}
