using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Backbone;

internal static partial class Log
{
    [LoggerMessage(6, LogLevel.Information, "NATS consume of {Stream}/{Consumer} via {Url} starting")]
    public static partial void ConsumeStarting(ILogger logger, string stream, string consumer, string url);

    [LoggerMessage(7, LogLevel.Warning, "NATS message {Subject} stream seq {StreamSequence} (msg id {MsgId}) dropped: {Error}")]
    public static partial void MessageDropped(ILogger logger, string subject, ulong streamSequence, string? msgId, string error);

    [LoggerMessage(8, LogLevel.Warning, "NATS consume of {Stream}/{Consumer} failed, retrying in {DelayMs} ms: {Error}")]
    public static partial void ConsumeRetrying(ILogger logger, string stream, string consumer, long delayMs, string error);
}
