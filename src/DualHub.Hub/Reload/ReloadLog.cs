using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Reload;

internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 4700, Level = LogLevel.Information, Message = "Config reloaded from {Source}: {Targets} scrape targets, {Upstreams} remote_write upstreams")]
    public static partial void Reloaded(ILogger logger, string source, int targets, int upstreams);

    [LoggerMessage(EventId = 4701, Level = LogLevel.Error, Message = "Config reload failed, the running config is kept: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4702, Level = LogLevel.Warning, Message = "Config reload: {Key} changed; it takes effect only after a restart, the running value is kept")]
    public static partial void NeedsRestart(ILogger logger, string key);

    [LoggerMessage(EventId = 4703, Level = LogLevel.Information, Message = "remote_write {Name} ({Url}) stopped: removed or changed by a config reload; its cursor stays in the journal")]
    public static partial void UpstreamStopping(ILogger logger, string name, Uri url);

    [LoggerMessage(EventId = 4704, Level = LogLevel.Warning, Message = "Config: {Warning}")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 4705, Level = LogLevel.Error, Message = "Config reload failed while applying it")]
    public static partial void ApplyFailed(ILogger logger, Exception exception);
}
