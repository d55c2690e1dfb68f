namespace DualHub.Cli.Checks;

/// <summary>One agent's figures from a failover drill.</summary>
internal sealed record DrillResult(string Agent, TimeSpan? Failover, long? LastOnPrimary, long? FirstOnFallback, TimeSpan? Recovery)
{
    /// <summary>Batches between the last one the primary kept and the first the fallback took, that neither has.</summary>
    public long? Lost => LastOnPrimary is { } last && FirstOnFallback is { } first ? Math.Max(0, first - last - 1) : null;
}
