namespace DualHub.Cli.Checkpoints;

/// <summary>The figures of a <see cref="OutageResult"/> for the report (kept apart so the drill's record stays as it is).</summary>
internal static class OutageMeasurements
{
    /// <summary>Figures of the forwarding check: how long, how much waited, how fast it drained; absent ones are left out.</summary>
    public static IReadOnlyList<Measurement> ForwardingMeasurements(this OutageResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var values = new List<Measurement>
        {
            Measurement.Ms("outage", r.Outage),
            new("pending_peak", r.PendingPeak, "samples"),
            new("sent", r.SentDelta, "samples"),
            new("dropped", r.DroppedDelta, "samples"),
        };
        if (r.ReadyAfter is { } ready)
        {
            values.Add(Measurement.Ms("central_ready", ready));
        }

        if (r.DrainedAfter is { } drained)
        {
            values.Add(Measurement.Ms("drained", drained));
        }

        return values;
    }

    /// <summary>Figures of the loss check: samples journaled by EdgeHub during the outage and how CentralHub holds them.</summary>
    public static IReadOnlyList<Measurement> LossMeasurements(this OutageResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return
        [
            new("journaled", r.Journaled, "samples"),
            new("series", r.Series, "series"),
            new("lost", r.Lost, "samples"),
            new("duplicates", r.Duplicates, "samples"),
            new("out_of_order", r.OutOfOrder, "samples"),
        ];
    }
}
