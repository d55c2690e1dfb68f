namespace DualHub.Hub.SampleJournal;

/// <summary>
/// The durable journal of sample batches. Appends complete only after the batch is committed;
/// every upstream reads from its own persisted cursor.
/// </summary>
public interface ISampleLog : IAsyncDisposable
{
    /// <summary>The sequence of the newest committed record (0 when empty).</summary>
    long LastSequence { get; }

    /// <summary>Appends an uncompressed WriteRequest body; returns its sequence once committed. The buffer is not used after that.</summary>
    ValueTask<long> AppendAsync(ReadOnlyMemory<byte> writeRequest, int sampleCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends every record <paramref name="records"/> produces as separate records with consecutive sequences, all in
    /// one commit: after a crash either all of them are in the journal or none, and readers never see a part. Returns
    /// the sequence of the last once committed (<see cref="LastSequence"/> at that point when it produced none).
    /// Completes only after the journal is done with <paramref name="records"/>, even when cancelled.
    /// </summary>
    ValueTask<long> AppendAllAsync(IRecordSource records, CancellationToken cancellationToken = default);

    /// <summary>The persisted cursor of <paramref name="name"/>; a new cursor starts at the oldest retained record.</summary>
    CursorPosition GetCursor(string name);

    /// <summary>Persists a cursor; completes after commit.</summary>
    ValueTask CommitCursorAsync(string name, CursorPosition position, CancellationToken cancellationToken = default);

    /// <summary>Records with a sequence &gt;= <paramref name="fromSequence"/>, oldest first.</summary>
    IReadOnlyList<JournalRecord> Read(long fromSequence, int maxRecords, long maxBytes);

    /// <summary>The first record with a sequence &gt;= <paramref name="fromSequence"/>, without its payload; null when none.</summary>
    JournalRecordInfo? ReadInfo(long fromSequence);

    /// <summary>
    /// Copies payload bytes of record <paramref name="sequence"/> from <paramref name="offset"/> into
    /// <paramref name="destination"/>; returns how many (0 when the record is gone). Lets a forwarder hold one
    /// request's worth of a large record instead of all of it.
    /// </summary>
    int ReadRange(long sequence, int offset, Span<byte> destination);

    /// <summary>
    /// Opens the payload of record <paramref name="sequence"/> for reading front to back; null when the record is gone.
    /// The stream holds a read snapshot of the journal: dispose it soon, and before any long wait. The default reads
    /// through <see cref="ReadRange"/>.
    /// </summary>
    Stream? OpenPayload(long sequence) =>
        ReadInfo(sequence) is { } info && info.Sequence == sequence ? new RangeReadStream(this, sequence, info.Bytes) : null;

    /// <summary>Completes when a record with sequence &gt;= <paramref name="sequence"/> is committed.</summary>
    Task WaitForSequenceAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>Samples dropped by retention before <paramref name="name"/> sent them.</summary>
    long DroppedSamples(string name);

    /// <summary>Committed records at or after <paramref name="fromSequence"/>: count, samples and the append time of the oldest.</summary>
    (long Records, long Samples, long OldestAppendedMs) Pending(long fromSequence);

    /// <summary>Bytes of payload currently retained.</summary>
    long RetainedBytes { get; }
}
