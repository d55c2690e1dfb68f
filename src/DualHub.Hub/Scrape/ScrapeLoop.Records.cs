using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Scrape;

/// <summary>
/// The scrape's journal records, written one at a time into <see cref="_batch"/> when the journal's writer asks for the
/// next (inside the transaction that commits them all); <see cref="ScrapeOnceAsync"/> awaits that append, so the cache
/// and the batch are never used by two threads at once.
/// </summary>
internal sealed partial class ScrapeLoop
{
    private SyntheticSamples _synthetic;
    private bool _recordsLeft;
    private bool _recordWritten;

    bool IRecordSource.TryWriteNext(out ReadOnlyMemory<byte> record, out int sampleCount)
    {
        if (!_recordsLeft)
        {
            record = default;
            sampleCount = 0;
            return false;
        }

        if (_recordWritten)
        {
            _batch.Reset(); // the journal has inserted the previous record
        }

        _recordWritten = true;
        if (!_cache.WriteOutput(_batch, RecordBytes))
        {
            // The last record also carries up and scrape_*: they are journaled with the scrape or not at all.
            var s = _synthetic;
            AddSynthetic(s.TimestampMs, s.Up, s.Duration, s.Scraped, s.Kept, s.Added);
            _recordsLeft = false;
        }

        record = _batch.Written;
        sampleCount = _batch.SampleCount;
        return true;
    }

    private readonly record struct SyntheticSamples(long TimestampMs, bool Up, double Duration, int Scraped, int Kept, int Added);
}
