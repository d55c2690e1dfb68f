using DualHub.Hub.SampleJournal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub.CentralIngest;

/// <summary>
/// The central role's journal: every append (remote-write over HTTP, NATS, the hub's own scrapes and pushes) is first
/// filtered against the central view, and only samples newer than the view journaled, so the journal and every
/// long-term upstream fed from it see each sample once and each series in timestamp order, whichever path delivered
/// it and however often. Filter, view update and journal enqueue happen under one gate, so two paths delivering the
/// same sample can never both journal it, and journal order is filter order. Reads go straight to the inner journal.
/// </summary>
internal sealed class CentralIngestJournal : ISampleLog
{
    private const int Outcomes = 4;
    private readonly ISampleLog _inner;
    private readonly LatestSampleStore _view;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly long[] _counts = new long[(Enum.GetValues<IngestPath>().Length) * Outcomes];

    // Under the gate: the appends of AppendNewerAsync not known to have committed since the view was last rebuilt (one
    // that failed stays until the rebuild). A batch dropping samples as already held waits for them: the view may hold
    // those samples only for one of these appends.
    private readonly List<Task> _uncommitted = [];
    private Task _lastAppend = Task.CompletedTask;
    private volatile bool _viewAhead;

    public CentralIngestJournal(ISampleLog inner, LatestSampleStore view, ILogger? logger = null, TimeProvider? time = null)
    {
        _inner = inner;
        _view = view;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The view this journal filters against.</summary>
    public LatestSampleStore View => _view;

    public long LastSequence => _inner.LastSequence;

    public long RetainedBytes => _inner.RetainedBytes;

    /// <summary>Samples journaled, and duplicates, out-of-order samples and conflicts dropped, on <paramref name="path"/> since start.</summary>
    public (long Journaled, long Duplicates, long OutOfOrder, long Conflicts) Counts(IngestPath path)
    {
        var i = (int)path * Outcomes;
        return (Interlocked.Read(ref _counts[i]), Interlocked.Read(ref _counts[i + 1]), Interlocked.Read(ref _counts[i + 2]), Interlocked.Read(ref _counts[i + 3]));
    }

    /// <summary>
    /// Rebuilds the view from every retained journal record (at start, before any ingest; after a failed append), so the
    /// filter holds across restarts. Returns the records read.
    /// </summary>
    public int RebuildView()
    {
        var started = _time.GetTimestamp();
        _view.Clear();
        var records = 0;
        var next = 0L;
        while (true)
        {
            var batch = _inner.Read(next, 256, 64L << 20);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var r in batch)
            {
                try
                {
                    _view.Apply(r.Payload);
                }
                catch (FormatException)
                {
                    // Validated before journaling; a corrupt record cannot stop the hub.
                }

                next = r.Sequence + 1;
                records++;
            }
        }

        var tookMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        Log.ViewRebuilt(_logger, records, _view.Count, tookMs);
        return records;
    }

    /// <summary>
    /// Journals the samples of a validated WriteRequest body that are newer than the view; completes after their commit
    /// (at once when none is newer). Duplicates and out-of-order samples are dropped and counted for <paramref name="path"/>.
    /// </summary>
    public async ValueTask<(long Sequence, IngestCounts Counts)> AppendNewerAsync(ReadOnlyMemory<byte> writeRequest, IngestPath path, CancellationToken ct = default)
    {
        using var kept = new FilteredBatch();
        Task<long>? append = null;
        Task[]? heldFor = null;
        IngestCounts counts;
        await _gate.WaitAsync(ct);
        try
        {
            if (_viewAhead)
            {
                await CatchUpViewAsync();
            }

            counts = _view.FilterNewer(writeRequest.Span, kept);
            _uncommitted.RemoveAll(t => t.IsCompletedSuccessfully);
            if (counts.Dropped > 0 && _uncommitted.Count > 0)
            {
                heldFor = [.. _uncommitted];
            }

            if (counts.Kept > 0)
            {
                // Enqueued under the gate (the journal commits in enqueue order), committed outside it: batches share commits.
                append = _inner.AppendAsync(kept.Copying ? kept.Written : writeRequest, counts.Kept, ct).AsTask();
                _lastAppend = append;
                _uncommitted.Add(append);
            }
        }
        finally
        {
            _gate.Release();
        }

        var i = (int)path * Outcomes;
        Count(path, counts);
        if (append is null)
        {
            await AwaitHeldForAsync(heldFor, ct);
            return (_inner.LastSequence, counts);
        }

        long sequence;
        try
        {
            sequence = await append;
        }
        catch (Exception ex)
        {
            // The view already holds these samples but the journal does not: the sender gets an error and retries, and the
            // retry must not be dropped as a duplicate. The view is rebuilt from the journal before the next batch.
            _viewAhead = true;
            Log.AppendFailed(_logger, counts.Kept, path, ex);
            await RestoreViewAsync();
            throw;
        }

        Interlocked.Add(ref _counts[i], counts.Kept);
        await AwaitHeldForAsync(heldFor, ct);
        return (sequence, counts);
    }

    public async ValueTask<long> AppendAsync(ReadOnlyMemory<byte> writeRequest, int sampleCount, CancellationToken cancellationToken = default) =>
        (await AppendNewerAsync(writeRequest, IngestPath.Local, cancellationToken)).Sequence;

    /// <summary>
    /// Journals the newer samples of every record <paramref name="records"/> produces, all in one commit (the hub's own
    /// large scrapes). The records are filtered as the journal's writer pulls them, so the gate is held until the commit:
    /// other paths wait for it instead of sharing it, and nothing else is filtered in between.
    /// </summary>
    public async ValueTask<long> AppendAllAsync(IRecordSource records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var filtered = new FilteringSource(records, _view);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_viewAhead)
            {
                await CatchUpViewAsync();
            }

            var append = _inner.AppendAllAsync(filtered, cancellationToken).AsTask();
            _lastAppend = append;
            var sequence = await append;
            Interlocked.Add(ref _counts[(int)IngestPath.Local * Outcomes], filtered.Counts.Kept);
            return sequence;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || filtered.Pulled)
        {
            // As in AppendNewerAsync: the view may hold samples the journal does not; rebuild it before the next batch.
            _viewAhead = true;
            Log.AppendFailed(_logger, filtered.Counts.Kept, IngestPath.Local, ex);
            await CatchUpViewOrLeaveAsync();
            throw;
        }
        finally
        {
            Count(IngestPath.Local, filtered.Counts with { Kept = 0 });
            _gate.Release();
        }
    }

    public CursorPosition GetCursor(string name) => _inner.GetCursor(name);

    /// <summary>Adds what the filter dropped; a conflict is also logged: a sender gave one instant two values.</summary>
    private void Count(IngestPath path, IngestCounts counts)
    {
        var i = (int)path * Outcomes;
        Interlocked.Add(ref _counts[i + 1], counts.Duplicates);
        Interlocked.Add(ref _counts[i + 2], counts.OutOfOrder);
        Interlocked.Add(ref _counts[i + 3], counts.Conflicts);
        if (counts.Conflicts > 0)
        {
            Log.Conflicts(_logger, counts.Conflicts, path);
        }
    }

    public ValueTask CommitCursorAsync(string name, CursorPosition position, CancellationToken cancellationToken = default) =>
        _inner.CommitCursorAsync(name, position, cancellationToken);

    public IReadOnlyList<JournalRecord> Read(long fromSequence, int maxRecords, long maxBytes) => _inner.Read(fromSequence, maxRecords, maxBytes);

    public JournalRecordInfo? ReadInfo(long fromSequence) => _inner.ReadInfo(fromSequence);

    public int ReadRange(long sequence, int offset, Span<byte> destination) => _inner.ReadRange(sequence, offset, destination);

    public Stream? OpenPayload(long sequence) => _inner.OpenPayload(sequence);

    public Task WaitForSequenceAsync(long sequence, CancellationToken cancellationToken) => _inner.WaitForSequenceAsync(sequence, cancellationToken);

    public long DroppedSamples(string name) => _inner.DroppedSamples(name);

    public (long Records, long Samples, long OldestAppendedMs) Pending(long fromSequence) => _inner.Pending(fromSequence);

    /// <summary>The inner journal belongs to its owner (the pipeline); only the gate is released here.</summary>
    public ValueTask DisposeAsync()
    {
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// After a failed append, before its caller answers: reads of the view (<c>/metrics</c>, the query fallback) must
    /// not show samples that were refused (a full disk). Still ahead if the rebuild fails; the next batch tries again.
    /// </summary>
    private async Task RestoreViewAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await CatchUpViewOrLeaveAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Samples were dropped as already held, but the view may hold them only for an append still committing (the same
    /// batch over the other path): acknowledge after those commits, and refuse if one failed, so the sender sends again.
    /// </summary>
    private static async Task AwaitHeldForAsync(Task[]? heldFor, CancellationToken ct)
    {
        if (heldFor is null)
        {
            return;
        }

        try
        {
            await Task.WhenAll(heldFor).WaitAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            throw new IOException("a journal commit holding samples of this batch failed: " + ex.Message, ex);
        }
    }

    /// <summary>Under the gate: <see cref="CatchUpViewAsync"/> when the view is ahead; a failure leaves it marked ahead.</summary>
    private async Task CatchUpViewOrLeaveAsync()
    {
        if (!_viewAhead)
        {
            return;
        }

        try
        {
            await CatchUpViewAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.ViewRestoreFailed(_logger, ex);
        }
    }

    /// <summary>Under the gate: waits for every enqueued append to finish, then rebuilds the view from what was committed.</summary>
    private async Task CatchUpViewAsync()
    {
        try
        {
            await _lastAppend;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Its caller reports it; only its completion matters here (appends finish in enqueue order).
        }

        // The view is rebuilt from what was committed: a batch filtered from now on waits for no earlier append.
        _uncommitted.Clear();
        _viewAhead = false;
        try
        {
            RebuildView();
        }
        catch
        {
            _viewAhead = true;
            throw;
        }
    }
}
