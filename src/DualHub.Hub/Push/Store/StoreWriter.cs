using System.Threading.Channels;
using DualHub.Hub.Push.Journal;
using DualHub.Hub.Options;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Push.Store;

/// <summary>
/// The single writer: drains pending writes, checks each against the state, applies it, commits the whole batch in
/// one journal transaction (group commit), and only then completes the requests. Writes are applied in arrival order.
/// A write becomes visible to readers just before its commit; it is acknowledged only after. When a commit fails (disk
/// full, I/O error) the batch is undone in memory and refused with 503, and the next batch tries again: the hub
/// recovers by itself once the journal can be written, and never acknowledges a write that is not committed.
/// </summary>
public sealed partial class StoreWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly PushStore _store;
    private readonly IJournal _journal;
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _channel;
    private readonly Dictionary<string, MetricGroup?> _dirty = new(StringComparer.Ordinal);

    // The state each applied op of the current batch replaced (key, group before; a wipe keeps every group).
    private readonly List<(string Key, MetricGroup? Previous, MetricGroup[]? Wiped)> _undo = [];
    private readonly Task _loop;
    private bool _wiped;
    private long _lastCompactionTicks;
    private volatile string? _failure;
    private int _queued;

    /// <summary>Starts the writer task. <paramref name="loaded"/> (what start-up replayed from the log) marks those groups for the next compaction.</summary>
    public StoreWriter(PushStore store, IJournal journal, JournalOptions options, TimeProvider time, ILogger logger, JournalLoad? loaded = null)
    {
        if (loaded is not null)
        {
            _wiped = loaded.Wiped;
            foreach (var key in loaded.TouchedGroups)
            {
                _dirty[key] = null;
            }
        }

        _store = store;
        _journal = journal;
        _options = options;
        _time = time;
        _logger = logger;
        _lastCompactionTicks = time.GetTimestamp();
        _channel = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Why the last journal commit failed; null once a commit succeeds again.</summary>
    public string? Failure => _failure;

    /// <summary>Writes waiting for the writer.</summary>
    public int Queued => Volatile.Read(ref _queued);

    public Task<WriteResult> SubmitAsync(StoreOp op) => Enqueue(new PendingWrite(op));

    /// <summary>Records a push refused before it reached the store (failure time set, group created if missing).</summary>
    public Task<WriteResult> SubmitRejectedAsync(StoreOp failure, string message) => Enqueue(new PendingWrite(failure, message));

    /// <summary>Folds changed groups into the snapshot and empties the log; completes when done.</summary>
    public Task RequestCompactionAsync() => Enqueue(new PendingWrite(null));

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
        if (_failure is null && (_dirty.Count > 0 || _wiped))
        {
            Compact();
        }
    }

    private Task<WriteResult> Enqueue(PendingWrite w)
    {
        Interlocked.Increment(ref _queued);
        if (!_channel.Writer.TryWrite(w))
        {
            Interlocked.Decrement(ref _queued);
            return Task.FromResult(new WriteResult(WriteStatus.Unavailable, "hub is shutting down"));
        }

        return w.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        var results = new List<WriteResult>(MaxBatch);
        var ops = new List<StoreOp>(MaxBatch);
        while (await _channel.Reader.WaitToReadAsync())
        {
            batch.Clear();
            results.Clear();
            ops.Clear();
            _undo.Clear();
            var wipedBefore = _wiped;
            var compact = false;
            while (batch.Count < MaxBatch && _channel.Reader.TryRead(out var w))
            {
                Interlocked.Decrement(ref _queued);
                batch.Add(w);
            }

            foreach (var w in batch)
            {
                if (w.IsCompaction)
                {
                    compact = true;
                    results.Add(new WriteResult(WriteStatus.Ok));
                    continue;
                }

                results.Add(Process(w, ops));
            }

            var committed = true;
            try
            {
                _journal.Append(ops);
                _failure = null;
            }
#pragma warning disable CA1031 // any failure to commit (not only SQLite's and I/O's) must refuse the batch, not end the writer
            catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                // Not durable: take the batch back out of the state and refuse it; the next batch tries again. Every
                // later push waits on this loop, so it must survive whatever the commit throws.
                committed = false;
                _failure = "journal commit failed: " + ex.Message;
                Undo();
                _wiped = wipedBefore;
                Log.JournalFailed(_logger, ops.Count, ex);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (!batch[i].IsCompaction)
                {
                    batch[i].Done.TrySetResult(committed ? results[i] : new WriteResult(WriteStatus.Unavailable, _failure!));
                }
            }

            if (_failure is null && (compact || ShouldCompact()))
            {
                try
                {
                    Compact();
                }
                catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException)
                {
                    // The log still holds every op: compaction can be retried later without loss.
                    Log.CompactionFailed(_logger, ex);
                }
            }

            // A compaction request completes once the compaction ran (or was skipped because writes failed).
            foreach (var w in batch)
            {
                if (w.IsCompaction)
                {
                    w.Done.TrySetResult(new WriteResult(_failure is null ? WriteStatus.Ok : WriteStatus.Unavailable, _failure));
                }
            }
        }
    }

    private WriteResult Process(PendingWrite w, List<StoreOp> ops)
    {
        var op = w.Op!;
        if (w.Rejection is not null)
        {
            RecordFailure(op, ops);
            return new WriteResult(WriteStatus.Inconsistent, w.Rejection);
        }

        var check = _store.Check(op);
        switch (check.Status)
        {
            case CheckStatus.TooManySeries:
                return new WriteResult(WriteStatus.TooManySeries, check.Message);
            case CheckStatus.Inconsistent:
                RecordFailure(new StoreOp(OpKind.Failure, op.Group, op.TimeNanos, ttlMs: op.TtlMs), ops);
                return new WriteResult(WriteStatus.Inconsistent, check.Message);
            default:
                ApplyAndLog(op, ops);
                return new WriteResult(WriteStatus.Ok);
        }
    }

    /// <summary>Records a refused push's failure time, unless that would create a group beyond the series limit.</summary>
    private void RecordFailure(StoreOp failure, List<StoreOp> ops)
    {
        if (_store.Check(failure).Status == CheckStatus.Ok)
        {
            ApplyAndLog(failure, ops);
        }
    }

    private void ApplyAndLog(StoreOp op, List<StoreOp> ops)
    {
        _undo.Add(op.Kind == OpKind.Wipe ? (string.Empty, null, _store.Snapshot()) : (op.Group.Key, _store.GetByKey(op.Group.Key), null));
        _store.Apply(op);
        ops.Add(op);
        if (op.Kind == OpKind.Wipe)
        {
            _wiped = true;
            _dirty.Clear();
            return;
        }

        _dirty[op.Group.Key] = null;
    }

    private void Undo()
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            var (key, previous, wiped) = _undo[i];
            if (wiped is null)
            {
                _store.Restore(key, previous);
                continue;
            }

            foreach (var g in wiped)
            {
                _store.Load(g);
            }
        }

        _undo.Clear();
    }

    private bool ShouldCompact() =>
        _journal.OpsSinceCompaction >= _options.CompactAfterOps
        || (_dirty.Count > 0 && _time.GetElapsedTime(_lastCompactionTicks) >= _options.CompactInterval);

    private void Compact()
    {
        var dirty = new List<KeyValuePair<string, MetricGroup?>>(_dirty.Count);
        foreach (var key in _dirty.Keys)
        {
            dirty.Add(new(key, _store.GetByKey(key)));
        }

        if (_wiped)
        {
            foreach (var g in _store.Snapshot())
            {
                if (!_dirty.ContainsKey(g.Id.Key))
                {
                    dirty.Add(new(g.Id.Key, g));
                }
            }
        }

        _journal.Compact(dirty, _wiped);
        _dirty.Clear();
        _wiped = false;
        _lastCompactionTicks = _time.GetTimestamp();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Journal commit failed: {Ops} changes undone and refused with 503; the next write tries again")]
        public static partial void JournalFailed(ILogger logger, int ops, Exception ex);

        [LoggerMessage(2, LogLevel.Error, "Journal compaction failed; will retry")]
        public static partial void CompactionFailed(ILogger logger, Exception ex);
    }
}
