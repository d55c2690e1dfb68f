namespace DualHub.Cli.Checkpoints;

/// <summary>One agent's figures from a failover drill.</summary>
internal sealed record DrillResult(string Agent, TimeSpan? Failover, long? LastOnPrimary, long? FirstOnFallback, TimeSpan? Recovery)
{
    /// <summary>Batches between the last one the primary kept and the first the fallback took, that neither has.</summary>
    public long? Lost => LastOnPrimary is { } last && FirstOnFallback is { } first ? Math.Max(0, first - last - 1) : null;

    /// <summary>The figures for the report; one that was not observed (failover "never") is left out, not invented.</summary>
    public IReadOnlyList<Measurement> Measurements()
    {
        var values = new List<Measurement>();
        if (Failover is { } f)
        {
            values.Add(Measurement.Ms("failover", f));
        }

        if (Lost is { } lost)
        {
            values.Add(new Measurement("lost", lost, "batches"));
        }

        if (Recovery is { } r)
        {
            values.Add(Measurement.Ms("recovery", r));
        }

        return values;
    }
}
