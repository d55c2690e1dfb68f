namespace DualHub.Hub.Scrape;

/// <summary>Last scrape of one target, for <c>/health</c> and the status page.</summary>
public sealed record ScrapeTargetStatus(string Job, string Url, bool Up, DateTimeOffset? LastScrape, double LastDurationSeconds, int LastSamples, string? LastError);
