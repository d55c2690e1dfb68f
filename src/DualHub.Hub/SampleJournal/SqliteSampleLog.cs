using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub.SampleJournal;

/// <summary>
/// SQLite (WAL) sample journal with group commit: one writer loop drains every pending append and cursor update
/// into a single transaction, so many concurrent appends share one fsync; readers use their own connections.
/// </summary>
internal sealed partial class SqliteSampleLog : ISampleLog
{
    private const int MaxOpsPerCommit = 4096;

    private readonly SampleLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly Channel<JournalOp> _ops = Channel.CreateBounded<JournalOp>(new BoundedChannelOptions(65536)
    {
        SingleReader = true,
        AllowSynchronousContinuations = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly Lock _gate = new();
    private readonly List<RecordMeta> _index = [];
    private readonly Dictionary<string, CursorPosition> _cursors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private int _indexHead;
    private long _bytes;
    private long _appendedBytes;
    private long _lastSequence;
    private long _lastRetentionMs;
    private long _commits;
    private TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SqliteSampleLog(SampleLogOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.Path,
            Pooling = false,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString();
        NativeHeap.ReturnLargeBlocks();
        _writer = OpenConnection();

        // The writer's cache only has to hold a transaction's pages until they reach the WAL (spilling early costs
        // nothing: records are written once); 1 MiB rather than SQLite's 2 MiB default.
        Execute(_writer, $"PRAGMA synchronous={(options.FullSync ? "FULL" : "NORMAL")}; PRAGMA journal_size_limit={64L << 20}; PRAGMA cache_size=-1024;");
        Execute(_writer, """
            CREATE TABLE IF NOT EXISTS batches(seq INTEGER PRIMARY KEY AUTOINCREMENT, appended_ms INTEGER NOT NULL, samples INTEGER NOT NULL, bytes INTEGER NOT NULL, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS cursors(name TEXT PRIMARY KEY, seq INTEGER NOT NULL, entry INTEGER NOT NULL);
            """);
        LoadState();
        _lastRetentionMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        _loop = Task.Run(WriteLoopAsync);
    }

    public long LastSequence => Volatile.Read(ref _lastSequence);

    public long RetainedBytes => Volatile.Read(ref _bytes);

    /// <summary>Bytes appended since open: the ingest rate the console's outage estimate divides by.</summary>
    public long AppendedBytes => Volatile.Read(ref _appendedBytes);

    /// <summary>The retention limits this journal was opened with.</summary>
    public SampleLogOptions Options => _options;

    /// <summary>Transactions committed since open (appends in one share it).</summary>
    internal long Commits => Volatile.Read(ref _commits);

    public static SqliteSampleLog Open(SampleLogOptions options, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(options.Path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        return new SqliteSampleLog(options, time, logger ?? NullLogger.Instance);
    }

    public async ValueTask<long> AppendAsync(ReadOnlyMemory<byte> writeRequest, int sampleCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        var op = JournalOp.Append(writeRequest, sampleCount);
        await _ops.Writer.WriteAsync(op, cancellationToken);
        return await op.Done.Task;
    }

    public async ValueTask<long> AppendAllAsync(IRecordSource records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var op = JournalOp.AppendAll(records);
        await _ops.Writer.WriteAsync(op, cancellationToken);
        return await op.Done.Task;
    }

    public CursorPosition GetCursor(string name)
    {
        lock (_gate)
        {
            if (!_cursors.TryGetValue(name, out var position))
            {
                // A new upstream starts at the oldest retained record: nothing accepted is skipped.
                position = new CursorPosition(0, 0);
                _cursors[name] = position;
            }

            return position;
        }
    }

    public async ValueTask CommitCursorAsync(string name, CursorPosition position, CancellationToken cancellationToken = default)
    {
        var op = JournalOp.CommitCursor(name, position);
        await _ops.Writer.WriteAsync(op, cancellationToken);
        await op.Done.Task;
    }

    public long DroppedSamples(string name)
    {
        lock (_gate)
        {
            return _dropped.GetValueOrDefault(name);
        }
    }

    public (long Records, long Samples, long OldestAppendedMs) Pending(long fromSequence)
    {
        lock (_gate)
        {
            long records = 0, samples = 0, oldest = 0;
            for (var i = FindIndex(fromSequence); i < _index.Count; i++)
            {
                var m = _index[i];
                if (records == 0)
                {
                    oldest = m.AppendedMs;
                }

                records++;
                samples += m.SampleCount;
            }

            return (records, samples, oldest);
        }
    }

    public IReadOnlyList<JournalRecord> Read(long fromSequence, int maxRecords, long maxBytes)
    {
        var connection = RentReader();
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT seq, appended_ms, samples, data FROM batches WHERE seq >= $from ORDER BY seq LIMIT $n";
            cmd.Parameters.AddWithValue("$from", fromSequence);
            cmd.Parameters.AddWithValue("$n", maxRecords);
            var result = new List<JournalRecord>();
            long bytes = 0;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var data = (byte[])r.GetValue(3);
                result.Add(new JournalRecord(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), data, data.Length));
                bytes += data.Length;
                if (bytes >= maxBytes)
                {
                    break;
                }
            }

            return result;
        }
        finally
        {
            _readers.Add(connection);
        }
    }

    public JournalRecordInfo? ReadInfo(long fromSequence)
    {
        lock (_gate)
        {
            var i = FindIndex(fromSequence);
            if (i >= _index.Count)
            {
                return null;
            }

            var m = _index[i];
            return new JournalRecordInfo(m.Sequence, m.AppendedMs, m.SampleCount, m.Bytes);
        }
    }

    public int ReadRange(long sequence, int offset, Span<byte> destination)
    {
        var connection = RentReader();
        try
        {
            using var blob = new SqliteBlob(connection, "batches", "data", sequence, readOnly: true);
            if (offset >= blob.Length)
            {
                return 0;
            }

            blob.Position = offset;
            var wanted = (int)Math.Min(destination.Length, blob.Length - offset);
            blob.ReadExactly(destination[..wanted]);
            return wanted;
        }
        catch (SqliteException)
        {
            return 0; // deleted by retention meanwhile
        }
        finally
        {
            _readers.Add(connection);
        }
    }

    public Stream? OpenPayload(long sequence)
    {
        var connection = RentReader();
        try
        {
            var blob = new SqliteBlob(connection, "batches", "data", sequence, readOnly: true);
            return new JournalPayloadStream(blob, () => _readers.Add(connection));
        }
        catch (SqliteException)
        {
            _readers.Add(connection);
            return null; // deleted by retention meanwhile
        }
    }

    public async Task WaitForSequenceAsync(long sequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                signal = _committed.Task;
            }

            if (LastSequence >= sequence)
            {
                return;
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ops.Writer.TryComplete();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException)
        {
            Log.WriteFailed(_logger, ex);
        }

        _writer.Dispose();
        while (_readers.TryTake(out var c))
        {
            c.Dispose();
        }
    }

    private SqliteConnection OpenConnection()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000;");
        return c;
    }

    private SqliteConnection RentReader()
    {
        if (_readers.TryTake(out var c))
        {
            return c;
        }

        // Readers stream records front to back once: a page cache would only hold memory.
        c = OpenConnection();
        Execute(c, "PRAGMA cache_size=-256;");
        return c;
    }

    private static void Execute(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void LoadState()
    {
        using (var cmd = _writer.CreateCommand())
        {
            cmd.CommandText = "SELECT seq, appended_ms, samples, bytes FROM batches ORDER BY seq";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var m = new RecordMeta(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), r.GetInt32(3));
                _index.Add(m);
                _bytes += m.Bytes;
                _lastSequence = m.Sequence;
            }
        }

        using (var cmd = _writer.CreateCommand())
        {
            cmd.CommandText = "SELECT name, seq, entry FROM cursors";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                _cursors[r.GetString(0)] = new CursorPosition(r.GetInt64(1), r.GetInt32(2));
            }
        }

        using (var cmd = _writer.CreateCommand())
        {
            // AUTOINCREMENT keeps the high-water mark after retention emptied the table: sequences never repeat.
            cmd.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'batches'";
            if (cmd.ExecuteScalar() is long high && high > _lastSequence)
            {
                _lastSequence = high;
            }
        }

        Log.Opened(_logger, _options.Path, _index.Count > 0 ? _index[0].Sequence : 0, _lastSequence, _bytes);
    }

    private int FindIndex(long sequence)
    {
        // _index is sorted by sequence; binary search over the live part.
        int lo = _indexHead, hi = _index.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_index[mid].Sequence < sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
