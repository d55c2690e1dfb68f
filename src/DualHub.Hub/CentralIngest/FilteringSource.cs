using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.CentralIngest;

/// <summary>
/// The records of a multi-record append, each filtered against the central view as the journal's writer pulls it
/// (<see cref="CentralIngestJournal.AppendAllAsync"/> holds the ingest gate meanwhile); records left empty are skipped.
/// </summary>
internal sealed class FilteringSource(IRecordSource inner, LatestSampleStore view) : IRecordSource, IDisposable
{
    private readonly FilteredBatch _kept = new();

    /// <summary>What the filter kept and dropped so far.</summary>
    public IngestCounts Counts { get; private set; }

    /// <summary>Whether the writer pulled a record, so the view may have moved.</summary>
    public bool Pulled { get; private set; }

    public bool TryWriteNext(out ReadOnlyMemory<byte> record, out int sampleCount)
    {
        while (inner.TryWriteNext(out var input, out _))
        {
            Pulled = true;
            _kept.Reset(); // the journal has inserted the previous record
            var counts = view.FilterNewer(input.Span, _kept);
            Counts = Counts.Add(counts);
            if (counts.Kept > 0)
            {
                record = _kept.Copying ? _kept.Written : input;
                sampleCount = counts.Kept;
                return true;
            }
        }

        record = default;
        sampleCount = 0;
        return false;
    }

    public void Dispose() => _kept.Dispose();
}
