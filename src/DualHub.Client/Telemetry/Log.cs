using Microsoft.Extensions.Logging;

namespace DualHub.Client.Telemetry;

/// <summary>The SDK's log messages; EventIds 3000-3099 are stable (drills and operators grep them).</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "agent {Agent} on {Node} started: hubs {Hubs}, push every {PushInterval}, spool {SpoolPath} ({SpoolBatches} batches waiting), sequence resumes at {Sequence}")]
    public static partial void Started(ILogger logger, string agent, string node, string hubs, TimeSpan pushInterval, string spoolPath, int spoolBatches, long sequence);

    [LoggerMessage(3001, LogLevel.Warning, "failover: {FromHub} ({FromUrl}) -> {ToHub} ({ToUrl}) at batch {Sequence}: {Reason}")]
    public static partial void FailedOver(ILogger logger, string fromHub, string? fromUrl, string toHub, string? toUrl, long sequence, string reason);

    [LoggerMessage(3002, LogLevel.Information, "fail-back: {FromHub} ({FromUrl}) -> {ToHub} ({ToUrl}): {Reason}")]
    public static partial void FailedBack(ILogger logger, string fromHub, string? fromUrl, string toHub, string? toUrl, string reason);

    [LoggerMessage(3003, LogLevel.Warning, "no hub accepted batch {Sequence}; spooled ({SpoolBatches} batches, {SpoolBytes} bytes waiting)")]
    public static partial void Spooled(ILogger logger, long sequence, int spoolBatches, long spoolBytes);

    [LoggerMessage(3004, LogLevel.Error, "spool overflow: dropped {Dropped} oldest batches ({Bytes} bytes, sequences {First}-{Last}) to stay within its bounds")]
    public static partial void SpoolOverflow(ILogger logger, int dropped, long bytes, long first, long last);

    [LoggerMessage(3005, LogLevel.Information, "spool drained to {Hub}: {Delivered} batches delivered in order")]
    public static partial void SpoolDrained(ILogger logger, string hub, int delivered);

    [LoggerMessage(3006, LogLevel.Debug, "push of batch {Sequence} to {Hub} failed (attempt {Attempt}/{Attempts}): {Error}")]
    public static partial void PushAttemptFailed(ILogger logger, long sequence, string hub, int attempt, int attempts, string? error);

    [LoggerMessage(3007, LogLevel.Error, "hub {Hub} rejected batch {Sequence} as invalid; dropped: {Error}")]
    public static partial void BatchRejected(ILogger logger, string hub, long sequence, string? error);

    [LoggerMessage(3008, LogLevel.Debug, "health probe of {Hub} failed: {Error}")]
    public static partial void ProbeFailed(ILogger logger, string hub, string? error);

    [LoggerMessage(3009, LogLevel.Information, "health listener on {Url}")]
    public static partial void HealthListening(ILogger logger, string url);

    [LoggerMessage(3010, LogLevel.Debug, "pushgateway copy of batch {Sequence} failed: {Error}")]
    public static partial void PushgatewayFailed(ILogger logger, long sequence, string? error);

    [LoggerMessage(3014, LogLevel.Information, "batch {Sequence} accepted by {Hub} ({Url}), the first there since a switch: {Elapsed} ms after its first attempt, {Attempts} attempts")]
    public static partial void FirstAcceptedAfterSwitch(ILogger logger, long sequence, string hub, string url, double elapsed, int attempts);

    [LoggerMessage(3011, LogLevel.Error, "push loop error")]
    public static partial void LoopError(ILogger logger, Exception ex);

    [LoggerMessage(3012, LogLevel.Warning, "health publisher failed")]
    public static partial void PublishFailed(ILogger logger, Exception ex);

    [LoggerMessage(3013, LogLevel.Warning, "health listener request failed")]
    public static partial void ListenerError(ILogger logger, Exception ex);
}
