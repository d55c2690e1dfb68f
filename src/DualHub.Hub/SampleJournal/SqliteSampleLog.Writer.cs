using Microsoft.Data.Sqlite;

namespace DualHub.Hub.SampleJournal;

/// <summary>The group-commit loop and retention; only this loop writes.</summary>
internal sealed partial class SqliteSampleLog
{
    private const string RecordsSavepoint = "records";

    private async Task WriteLoopAsync()
    {
        var batch = new List<JournalOp>(256);
        using var insert = new RawInsert(_writer);
        using var upsert = _writer.CreateCommand();
        upsert.CommandText = "INSERT INTO cursors(name, seq, entry) VALUES($n, $s, $e) ON CONFLICT(name) DO UPDATE SET seq = excluded.seq, entry = excluded.entry";
        var pName = upsert.Parameters.Add("$n", SqliteType.Text);
        var pCursorSeq = upsert.Parameters.Add("$s", SqliteType.Integer);
        var pEntry = upsert.Parameters.Add("$e", SqliteType.Integer);

        var syncedFull = _options.FullSync;
        while (await _ops.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxOpsPerCommit && _ops.Reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var appended = new List<RecordMeta>(batch.Count);
            var fullSync = _options.FullSync && batch.Exists(static op => op.IsAppend);
            if (fullSync != syncedFull && _options.FullSync)
            {
                // Cursor-only commits skip the fsync: they survive kill -9, and one lost to power loss only re-sends
                // acknowledged requests byte for byte (the same as a crash between the 2xx and the commit).
                Execute(_writer, fullSync ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
                syncedFull = fullSync;
            }

            var seq = _lastSequence;
            try
            {
                using (var tx = _writer.BeginTransaction())
                {
                    upsert.Transaction = tx;
                    foreach (var op in batch)
                    {
                        if (op.Source is not null)
                        {
                            seq = AppendAll(op, tx, insert, seq, now, appended);
                        }
                        else if (op.IsAppend)
                        {
                            seq++;
                            var data = op.Data;

                            // Bound from the caller's buffer: no managed copy, and (unlike zeroblob + blob write) every
                            // page is written once.
                            insert.Execute(seq, now, op.SampleCount, data.Span);
                            appended.Add(new RecordMeta(seq, now, op.SampleCount, data.Length));
                            op.Sequence = seq;
                        }
                        else
                        {
                            pName.Value = op.Cursor;
                            pCursorSeq.Value = op.Position.Sequence;
                            pEntry.Value = op.Position.Entry;
                            upsert.ExecuteNonQuery();
                        }
                    }

                    tx.Commit();
                }

            }
            catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
            {
                // Nothing of this group is committed: every caller gets the error (a 503 to a remote-write sender).
                Log.WriteFailed(_logger, ex);
                foreach (var op in batch)
                {
                    op.Done.TrySetException(ex);
                }

                continue;
            }

            TaskCompletionSource signal;
            lock (_gate)
            {
                foreach (var m in appended)
                {
                    _index.Add(m);
                    _bytes += m.Bytes;
                    _appendedBytes += m.Bytes;
                }

                foreach (var op in batch)
                {
                    if (op.Cursor is not null)
                    {
                        _cursors[op.Cursor] = op.Position;
                    }
                }

                Volatile.Write(ref _lastSequence, seq);
                Interlocked.Increment(ref _commits);
                signal = _committed;
                _committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            foreach (var op in batch)
            {
                op.Done.TrySetResult(op.IsAppend ? op.Sequence : 0); // a failed multi-record append already holds its error
            }

            signal.TrySetResult();
            RunRetention(now);
        }
    }

    /// <summary>
    /// Writes every record of a multi-record append (a large scrape) into the group's open transaction, pulling them
    /// from the caller's source one at a time. One transaction rather than one per record makes the scrape atomic, as a
    /// Prometheus appender commit is; pulling rather than taking all payloads at once keeps the caller at one bounded
    /// record buffer (a 100k-series scrape is about 12 MB encoded); pulling here rather than keeping the transaction
    /// open while the caller pushes parts means no other append ever waits on a caller, and the records get
    /// consecutive sequences. A savepoint lets a failing source take back only its own records: the rest of the group
    /// still commits. A storage error fails the whole group, as for single records. Returns the new last sequence.
    /// </summary>
    private static long AppendAll(JournalOp op, SqliteTransaction tx, RawInsert insert, long seq, long now, List<RecordMeta> appended)
    {
        var source = op.Source!;
        var first = seq;
        var count = appended.Count;
        tx.Save(RecordsSavepoint);
        while (true)
        {
            ReadOnlyMemory<byte> data;
            int samples;
            try
            {
                if (!source.TryWriteNext(out data, out samples))
                {
                    break;
                }

                ArgumentOutOfRangeException.ThrowIfNegative(samples);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                tx.Rollback(RecordsSavepoint);
                tx.Release(RecordsSavepoint);
                appended.RemoveRange(count, appended.Count - count);
                op.Done.TrySetException(ex);
                return first;
            }

            seq++;
            insert.Execute(seq, now, samples, data.Span);
            appended.Add(new RecordMeta(seq, now, samples, data.Length));
        }

        tx.Release(RecordsSavepoint);
        op.Sequence = seq;
        return seq;
    }

    private void RunRetention(long now)
    {
        long deleteThrough;
        var reasons = new List<(string Reason, long Through)>();
        lock (_gate)
        {
            var live = _index.Count - _indexHead;
            var due = now - _lastRetentionMs >= (long)_options.RetentionInterval.TotalMilliseconds;
            if (live == 0 || (!due && _bytes <= _options.MaxBytes))
            {
                // Acknowledged records are deleted once per interval, not after every commit: one extra fsync per interval.
                return;
            }

            // Records every upstream acknowledged go first; they are not drops.
            deleteThrough = 0;
            if (_cursors.Count > 0)
            {
                var min = long.MaxValue;
                foreach (var c in _cursors.Values)
                {
                    min = Math.Min(min, c.Sequence);
                }

                deleteThrough = min - 1;
            }

            var bytes = _bytes;
            var i = FindIndex(deleteThrough + 1);
            for (var k = _indexHead; k < i; k++)
            {
                bytes -= _index[k].Bytes;
            }

            var sizeThrough = deleteThrough;
            while (bytes > _options.MaxBytes && i < _index.Count)
            {
                bytes -= _index[i].Bytes;
                sizeThrough = _index[i].Sequence;
                i++;
            }

            if (sizeThrough > deleteThrough)
            {
                reasons.Add(("size", sizeThrough));
            }

            var ageThrough = sizeThrough;
            if (due || sizeThrough > deleteThrough)
            {
                _lastRetentionMs = now;
                var cutoff = now - (long)_options.MaxAge.TotalMilliseconds;
                while (i < _index.Count && _index[i].AppendedMs < cutoff)
                {
                    ageThrough = _index[i].Sequence;
                    i++;
                }

                if (ageThrough > sizeThrough)
                {
                    reasons.Add(("age", ageThrough));
                }
            }

            deleteThrough = Math.Max(deleteThrough, ageThrough);
            if (deleteThrough < _index[_indexHead].Sequence)
            {
                return;
            }
        }

        try
        {
            using var cmd = _writer.CreateCommand();
            cmd.CommandText = "DELETE FROM batches WHERE seq <= $s";
            cmd.Parameters.AddWithValue("$s", deleteThrough);
            cmd.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            Log.WriteFailed(_logger, ex);
            return;
        }

        lock (_gate)
        {
            var end = FindIndex(deleteThrough + 1);
            foreach (var (name, cursor) in _cursors)
            {
                long samples = 0;
                for (var k = Math.Max(FindIndex(cursor.Sequence), _indexHead); k < end; k++)
                {
                    samples += _index[k].SampleCount;
                }

                if (samples > 0)
                {
                    _dropped[name] = _dropped.GetValueOrDefault(name) + samples;
                    Log.DroppedUnsent(_logger, string.Join('+', reasons.Select(r => r.Reason)), end - FindIndex(cursor.Sequence), name, samples);
                }
            }

            for (var k = _indexHead; k < end; k++)
            {
                _bytes -= _index[k].Bytes;
            }

            _indexHead = end;
            if (_indexHead > 4096 && _indexHead > _index.Count / 2)
            {
                _index.RemoveRange(0, _indexHead);
                _indexHead = 0;
            }
        }
    }
}
