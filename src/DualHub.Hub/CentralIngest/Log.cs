using Microsoft.Extensions.Logging;

namespace DualHub.Hub.CentralIngest;

internal static partial class Log
{
    [LoggerMessage(EventId = 4400, Level = LogLevel.Information, Message = "Central view rebuilt from {Records} journal records: {Series} series in {Ms} ms")]
    public static partial void ViewRebuilt(ILogger logger, int records, int series, long ms);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Warning, Message = "Central journal append of {Samples} samples ({Path}) failed; the view is rebuilt from the journal before the answer")]
    public static partial void AppendFailed(ILogger logger, int samples, IngestPath path, Exception exception);

    [LoggerMessage(EventId = 4402, Level = LogLevel.Warning, Message = "Central ingest ({Path}): {Samples} samples dropped as conflicts: the view holds another value at the same timestamp of their series")]
    public static partial void Conflicts(ILogger logger, int samples, IngestPath path);

    [LoggerMessage(EventId = 4409, Level = LogLevel.Error, Message = "Central view could not be rebuilt after a failed append; the next batch tries again")]
    public static partial void ViewRestoreFailed(ILogger logger, Exception exception);
}
