namespace DualHub.Hub.SampleJournal;

/// <summary>The sample journal as the console shows it.</summary>
/// <param name="RetainedBytes">Bytes of the records still held.</param>
/// <param name="AppendedBytes">Bytes appended since the hub started (a counter).</param>
/// <param name="LastSequence">The newest record's sequence.</param>
/// <param name="MaxAge">Records older than this are dropped by retention.</param>
/// <param name="MaxBytes">Beyond this size the oldest records are dropped by retention.</param>
public sealed record SampleJournalFigures(long RetainedBytes, long AppendedBytes, long LastSequence, TimeSpan MaxAge, long MaxBytes)
{
    /// <summary>
    /// How long an upstream outage the journal holds at <paramref name="bytesPerSecond"/> before retention drops an
    /// unsent record: the age limit, or sooner the time to fill the size limit.
    /// </summary>
    public TimeSpan OutageAbsorbable(double bytesPerSecond) =>
        bytesPerSecond <= 0 ? MaxAge : TimeSpan.FromSeconds(Math.Min(MaxAge.TotalSeconds, MaxBytes / bytesPerSecond));
}
