using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Upstreams;

internal static partial class RemoteWriteLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Upstream {Upstream} ({Url}): forwarding from journal record {Sequence} entry {Entry}")]
    public static partial void Starting(ILogger logger, string upstream, Uri url, long sequence, int entry);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Upstream {Upstream}: {Error}; retrying {Samples} samples in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string upstream, string error, int samples, long delayMs);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "Upstream {Upstream} rejected {Samples} samples ({Error}); dropped (not retryable)")]
    public static partial void Dropped(ILogger logger, string upstream, int samples, string error);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Upstream {Upstream} is reachable again after {Attempts} failed attempts")]
    public static partial void Recovered(ILogger logger, string upstream, int attempts);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "Upstream {Upstream}: journal record {Sequence} is corrupt and was skipped")]
    public static partial void CorruptRecord(ILogger logger, string upstream, long sequence, Exception exception);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Error, Message = "Upstream {Upstream}: sample journal error; retrying")]
    public static partial void JournalError(ILogger logger, string upstream, Exception exception);
}
