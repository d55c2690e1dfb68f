using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Upstreams;

internal static partial class NatsPublishLog
{
    [LoggerMessage(1, LogLevel.Information, "NATS publish of the sample journal to {Subject} via {Url} from record {Sequence} entry {Entry}")]
    public static partial void PublishStarting(ILogger logger, string subject, string url, long sequence, int entry);

    [LoggerMessage(2, LogLevel.Warning, "NATS publish of record {Sequence} (msg id {MsgId}) failed, retrying in {DelayMs} ms: {Error}")]
    public static partial void PublishRetrying(ILogger logger, long sequence, string msgId, long delayMs, string error);

    [LoggerMessage(3, LogLevel.Information, "NATS publish recovered after {Failures} failed attempts")]
    public static partial void PublishRecovered(ILogger logger, int failures);

    [LoggerMessage(4, LogLevel.Error, "NATS publish: journal record {Sequence} is corrupt, skipped")]
    public static partial void CorruptRecord(ILogger logger, long sequence, Exception ex);

    [LoggerMessage(5, LogLevel.Error, "NATS publish: record {Sequence} (msg id {MsgId}) rejected by the server, {Samples} samples dropped: {Error}")]
    public static partial void PublishRejected(ILogger logger, long sequence, string msgId, int samples, string error);
}
