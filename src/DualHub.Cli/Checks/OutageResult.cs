namespace DualHub.Cli.Checks;

/// <summary>
/// The figures of one CentralHub outage drill. <c>Journaled</c> counts the samples EdgeHub committed to its journal while
/// CentralHub was down; <c>Lost</c>/<c>Duplicates</c> compare them, sample by sample, with CentralHub's journal afterwards.
/// </summary>
internal sealed record OutageResult(
    TimeSpan Outage,
    bool SawRetrying,
    long PendingPeak,
    TimeSpan? ReadyAfter,
    TimeSpan? DrainedAfter,
    long SentDelta,
    long DroppedDelta,
    int Journaled,
    int Series,
    long Lost,
    long Duplicates,
    long OutOfOrder,
    string Chosen,
    int ChosenJournaled,
    int ChosenAtCentral)
{
    /// <summary>Figures of the forwarding check: how long, how much waited, how fast it drained; absent ones are left out.</summary>
    public IReadOnlyList<Measurement> ForwardingMeasurements()
    {
        var values = new List<Measurement>
        {
            Measurement.Ms("outage", Outage),
            new("pending_peak", PendingPeak, "samples"),
            new("sent", SentDelta, "samples"),
            new("dropped", DroppedDelta, "samples"),
        };
        if (ReadyAfter is { } ready)
        {
            values.Add(Measurement.Ms("central_ready", ready));
        }

        if (DrainedAfter is { } drained)
        {
            values.Add(Measurement.Ms("drained", drained));
        }

        return values;
    }

    /// <summary>Figures of the loss check: samples journaled by EdgeHub during the outage and how CentralHub holds them.</summary>
    public IReadOnlyList<Measurement> LossMeasurements() =>
    [
        new("journaled", Journaled, "samples"),
        new("series", Series, "series"),
        new("lost", Lost, "samples"),
        new("duplicates", Duplicates, "samples"),
        new("out_of_order", OutOfOrder, "samples"),
    ];
}
