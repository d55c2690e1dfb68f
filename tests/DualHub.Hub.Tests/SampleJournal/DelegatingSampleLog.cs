using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Tests.SampleJournal;

/// <summary>The real journal behind a test decorator: every member forwards; a decorator overrides what it hooks.</summary>
internal abstract class DelegatingSampleLog(ISampleLog inner) : ISampleLog
{
    protected ISampleLog Inner => inner;

    public long LastSequence => inner.LastSequence;

    public long RetainedBytes => inner.RetainedBytes;

    public virtual ValueTask<long> AppendAsync(ReadOnlyMemory<byte> writeRequest, int sampleCount, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(writeRequest, sampleCount, cancellationToken);

    public virtual ValueTask<long> AppendAllAsync(IRecordSource records, CancellationToken cancellationToken = default) =>
        inner.AppendAllAsync(records, cancellationToken);

    public CursorPosition GetCursor(string name) => inner.GetCursor(name);

    public ValueTask CommitCursorAsync(string name, CursorPosition position, CancellationToken cancellationToken = default) =>
        inner.CommitCursorAsync(name, position, cancellationToken);

    public IReadOnlyList<JournalRecord> Read(long fromSequence, int maxRecords, long maxBytes) => inner.Read(fromSequence, maxRecords, maxBytes);

    public JournalRecordInfo? ReadInfo(long fromSequence) => inner.ReadInfo(fromSequence);

    public int ReadRange(long sequence, int offset, Span<byte> destination) => inner.ReadRange(sequence, offset, destination);

    public Task WaitForSequenceAsync(long sequence, CancellationToken cancellationToken) => inner.WaitForSequenceAsync(sequence, cancellationToken);

    public long DroppedSamples(string name) => inner.DroppedSamples(name);

    public (long Records, long Samples, long OldestAppendedMs) Pending(long fromSequence) => inner.Pending(fromSequence);

    /// <summary>The inner journal belongs to the test.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
