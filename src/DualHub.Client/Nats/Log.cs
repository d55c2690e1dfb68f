using Microsoft.Extensions.Logging;

namespace DualHub.Client.Nats;

/// <summary>Log messages of the NATS health publisher (event ids 3100-3109).</summary>
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Information, "publishing health to {Subject} and alerts to observability.alerts.* on {Servers}")]
    public static partial void Publishing(ILogger logger, string subject, string servers);

    [LoggerMessage(3101, LogLevel.Warning, "NATS unreachable: {Subject} (msg id {MsgId}) not published, retrying with the same msg id; {Queued} queued: {Error}")]
    public static partial void Unreachable(ILogger logger, string subject, string msgId, int queued, string error);

    [LoggerMessage(3102, LogLevel.Warning, "NATS publish queue full ({Capacity}): dropping the oldest messages until NATS answers")]
    public static partial void Dropping(ILogger logger, int capacity);

    [LoggerMessage(3103, LogLevel.Information, "NATS publishing resumed; {Dropped} messages dropped in total")]
    public static partial void Resumed(ILogger logger, long dropped);

    [LoggerMessage(3104, LogLevel.Warning, "alert {Kind} ({Severity}, resolved: {Resolved}): {Summary}")]
    public static partial void Alert(ILogger logger, string kind, string severity, bool resolved, string summary);
}
