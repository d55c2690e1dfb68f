namespace DualHub.Hub.SampleJournal;

/// <summary>
/// The records of one atomic append (<see cref="ISampleLog.AppendAllAsync"/>), produced one at a time by the journal's
/// writer while it holds the transaction they commit in. So a large scrape is journaled as several bounded records
/// through one reused buffer, and still commits whole or not at all.
/// </summary>
public interface IRecordSource
{
    /// <summary>
    /// Writes the next record (an uncompressed WriteRequest body) and its sample count; false when none is left.
    /// <paramref name="record"/> need only stay valid until the next call. Runs on the journal's writer: it must not
    /// wait for the journal. An exception discards every record of this append and fails it with that exception.
    /// </summary>
    bool TryWriteNext(out ReadOnlyMemory<byte> record, out int sampleCount);
}
