using Microsoft.Extensions.Logging;

namespace DualHub.Hub.SampleJournal;

internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Sample journal {Path} opened: records {First}..{Last}, {Bytes} bytes")]
    public static partial void Opened(ILogger logger, string path, long first, long last, long bytes);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Sample journal retention ({Reason}) dropped {Records} records; upstream {Upstream} lost {Samples} unsent samples")]
    public static partial void DroppedUnsent(ILogger logger, string reason, long records, string upstream, long samples);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Sample journal write failed")]
    public static partial void WriteFailed(ILogger logger, Exception exception);
}
