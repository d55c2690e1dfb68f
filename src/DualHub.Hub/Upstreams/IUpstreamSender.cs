using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// How one kind of upstream takes the journal: how a record is cut into batches, how one batch is sent and what
/// came of it, and the log lines of its loop. The cursor, the retries, the state and the counts belong to the runner.
/// </summary>
public interface IUpstreamSender : IDisposable
{
    /// <summary>The upstream's name in the status.</summary>
    string Name { get; }

    /// <summary>Where it sends, for the status: a URL without credentials, or a subject.</summary>
    string Target { get; }

    /// <summary>The name of its cursor in the journal.</summary>
    string CursorName { get; }

    /// <summary>
    /// Cuts the batch that starts at <paramref name="cursor"/> in <paramref name="record"/>; false when the record has
    /// nothing more from there (or is gone). The same cursor always gives the same batch, also after a restart.
    /// </summary>
    /// <exception cref="FormatException">The record is corrupt.</exception>
    bool TryCut(JournalRecordInfo record, CursorPosition cursor, out UpstreamBatch batch);

    /// <summary>One attempt to deliver <paramref name="batch"/>.</summary>
    ValueTask<SendResult> SendAsync(UpstreamBatch batch, CancellationToken ct);

    /// <summary>A retry wait begins: let go of the journal's read snapshot, keeping what the current batch needs.</summary>
    void Pause();

    /// <summary>The runner is past the record: let go of what was read of it.</summary>
    void EndRecord();

    void LogStarting(CursorPosition cursor);

    void LogRetrying(UpstreamBatch batch, string reason, TimeSpan delay);

    void LogRecovered(int failures);

    void LogDropped(UpstreamBatch batch, string reason);

    void LogCorruptRecord(long sequence, FormatException exception);

    void LogJournalError(Exception exception);
}
