using DualHub.Hub.SampleLog;

namespace DualHub.Hub.Tests.Scrape;

/// <summary>
/// The real journal, whose files are copied aside (what kill -9 leaves on disk) once <see cref="Arm"/>ed, just before
/// the second record is written: between two single appends, or between two records of one multi-record append.
/// </summary>
internal sealed class CrashPointLog(ISampleLog inner, string dbPath, string snapshotDir) : ISampleLog
{
    private int _records = -1;

    /// <summary>Whether the files were copied.</summary>
    public bool Taken { get; private set; }

    public long LastSequence => inner.LastSequence;

    public long RetainedBytes => inner.RetainedBytes;

    public void Arm() => _records = 0;

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> writeRequest, int sampleCount, CancellationToken cancellationToken = default)
    {
        BeforeRecord();
        return inner.AppendAsync(writeRequest, sampleCount, cancellationToken);
    }

    public ValueTask<long> AppendAllAsync(IRecordSource records, CancellationToken cancellationToken = default) =>
        inner.AppendAllAsync(new Hooked(records, this), cancellationToken);

    public CursorPosition GetCursor(string name) => inner.GetCursor(name);

    public ValueTask CommitCursorAsync(string name, CursorPosition position, CancellationToken cancellationToken = default) => inner.CommitCursorAsync(name, position, cancellationToken);

    public IReadOnlyList<JournalRecord> Read(long fromSequence, int maxRecords, long maxBytes) => inner.Read(fromSequence, maxRecords, maxBytes);

    public JournalRecordInfo? ReadInfo(long fromSequence) => inner.ReadInfo(fromSequence);

    public int ReadRange(long sequence, int offset, Span<byte> destination) => inner.ReadRange(sequence, offset, destination);

    public Task WaitForSequenceAsync(long sequence, CancellationToken cancellationToken) => inner.WaitForSequenceAsync(sequence, cancellationToken);

    public long DroppedSamples(string name) => inner.DroppedSamples(name);

    public (long Records, long Samples, long OldestAppendedMs) Pending(long fromSequence) => inner.Pending(fromSequence);

    /// <summary>The inner journal belongs to the test.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void BeforeRecord()
    {
        if (_records < 0 || ++_records != 2)
        {
            return;
        }

        File.Copy(dbPath, Path.Combine(snapshotDir, Path.GetFileName(dbPath)));
        File.Copy(dbPath + "-wal", Path.Combine(snapshotDir, Path.GetFileName(dbPath) + "-wal"));
        Taken = true;
    }

    private sealed class Hooked(IRecordSource inner, CrashPointLog log) : IRecordSource
    {
        public bool TryWriteNext(out ReadOnlyMemory<byte> record, out int sampleCount)
        {
            log.BeforeRecord();
            return inner.TryWriteNext(out record, out sampleCount);
        }
    }
}
