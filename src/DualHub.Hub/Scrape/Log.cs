using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Scrape;

internal static partial class Log
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Scraping {Url} (job {Job}) every {IntervalSeconds} s")]
    public static partial void Starting(ILogger logger, Uri url, string job, double intervalSeconds);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Scrape of {Url} failed: {Error}")]
    public static partial void ScrapeFailed(ILogger logger, Uri url, string error);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "Scrape of {Url} could not be journaled; its samples are lost")]
    public static partial void JournalFailed(ILogger logger, Uri url, Exception exception);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Stopped scraping {Url} (job {Job}): removed or changed by a config reload")]
    public static partial void Stopping(ILogger logger, Uri url, string job);
}
