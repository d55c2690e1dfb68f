using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using Microsoft.Data.Sqlite;

namespace DualHub.Hub.Push.Journal;

/// <summary>
/// The journal in SQLite (WAL). <c>ops</c> holds operations since the last compaction, <c>groups</c> the snapshot
/// (one row per group). Compaction rewrites only groups changed since the last one and empties <c>ops</c> in the same
/// transaction, so state = groups + ops replayed in order, at every instant.
/// </summary>
internal sealed class SqliteJournal : IJournal
{
    private readonly SqliteConnection _db;
    private readonly SqliteCommand _insertOp;
    private readonly SqliteParameter _insertData;
    private readonly string _path;
    private readonly string _synchronous;
    private readonly TimeProvider _time;

    // Reused by the single writer: encoding a big push does not regrow a buffer each time.
    private readonly MemoryStream _scratch = new(64 * 1024);
    private long _opsSinceCompaction;
    private long _commits;
    private long _lastCommitMicros;
    private long _compactions;
    private DateTimeOffset? _lastCompaction;

    private SqliteJournal(SqliteConnection db, string path, string synchronous, TimeProvider time)
    {
        _db = db;
        _path = path;
        _synchronous = synchronous;
        _time = time;
        _insertOp = db.CreateCommand();
        _insertOp.CommandText = "INSERT INTO ops(data) VALUES ($d)";
        _insertData = _insertOp.Parameters.Add("$d", SqliteType.Blob);
    }

    public long OpsSinceCompaction => Interlocked.Read(ref _opsSinceCompaction);

    public JournalState State
    {
        get
        {
            long size = 0;
            foreach (var suffix in (string[])["", "-wal"])
            {
                var fi = new FileInfo(_path + suffix);
                if (fi.Exists)
                {
                    size += fi.Length;
                }
            }

            return new JournalState(
                _path,
                _synchronous,
                Interlocked.Read(ref _opsSinceCompaction),
                Interlocked.Read(ref _commits),
                Interlocked.Read(ref _lastCommitMicros),
                Interlocked.Read(ref _compactions),
                _lastCompaction?.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                size,
                null);
        }
    }

    public static SqliteJournal Open(string dataDir, JournalOptions options, TimeProvider time)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.GetFullPath(Path.Combine(dataDir, "hub.db"));
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        Exec(db, "PRAGMA journal_mode=WAL");

        // FULL: the WAL is fsync'd at every commit, so an acknowledged write survives power loss, not only kill -9.
        Exec(db, "PRAGMA synchronous=" + (options.Synchronous == "normal" ? "NORMAL" : "FULL"));
        Exec(db, "PRAGMA wal_autocheckpoint=4000");
        Exec(db, "PRAGMA journal_size_limit=67108864");
        Exec(db, "CREATE TABLE IF NOT EXISTS ops(seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL)");
        Exec(db, "CREATE TABLE IF NOT EXISTS groups(key TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID");
        return new SqliteJournal(db, path, options.Synchronous, time);
    }

    public void Append(IReadOnlyList<StoreOp> ops)
    {
        if (ops.Count == 0)
        {
            return;
        }

        var started = _time.GetTimestamp();
        using var tx = _db.BeginTransaction();
        _insertOp.Transaction = tx;
        foreach (var op in ops)
        {
            _insertData.Value = RecordCodec.EncodeOp(op, _scratch);
            _insertOp.ExecuteNonQuery();
        }

        tx.Commit();
        Interlocked.Add(ref _opsSinceCompaction, ops.Count);
        Interlocked.Increment(ref _commits);
        Interlocked.Exchange(ref _lastCommitMicros, (long)_time.GetElapsedTime(started).TotalMicroseconds);
    }

    public void Compact(IEnumerable<KeyValuePair<string, MetricGroup?>> dirty, bool wiped)
    {
        using var tx = _db.BeginTransaction();
        if (wiped)
        {
            Exec(_db, "DELETE FROM groups", tx);
        }

        using var upsert = _db.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = "INSERT INTO groups(key, data) VALUES ($k, $d) ON CONFLICT(key) DO UPDATE SET data = excluded.data";
        var k = upsert.Parameters.Add("$k", SqliteType.Text);
        var d = upsert.Parameters.Add("$d", SqliteType.Blob);
        using var delete = _db.CreateCommand();
        delete.Transaction = tx;
        delete.CommandText = "DELETE FROM groups WHERE key = $k";
        var dk = delete.Parameters.Add("$k", SqliteType.Text);
        foreach (var (key, group) in dirty)
        {
            if (group is null)
            {
                dk.Value = key;
                delete.ExecuteNonQuery();
            }
            else
            {
                k.Value = key;
                d.Value = RecordCodec.EncodeGroup(group);
                upsert.ExecuteNonQuery();
            }
        }

        Exec(_db, "DELETE FROM ops", tx);
        tx.Commit();
        Interlocked.Exchange(ref _opsSinceCompaction, 0);
        Interlocked.Increment(ref _compactions);
        _lastCompaction = _time.GetUtcNow();
        // RESTART, not TRUNCATE: the WAL keeps its size and is overwritten from the start, so later commits do not
        // grow the file (a growing file makes every fsync also commit file-system metadata).
        Exec(_db, "PRAGMA wal_checkpoint(RESTART)");
    }

    public JournalLoad LoadInto(PushStore store)
    {
        var blobs = new List<byte[]>();
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT data FROM groups";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                blobs.Add((byte[])reader[0]);
            }
        }

        // Decoding is most of a restart: spread it over the cores, then index on this thread.
        var decoded = new MetricGroup[blobs.Count];
        Parallel.For(0, blobs.Count, i => decoded[i] = RecordCodec.DecodeGroup(blobs[i]));
        blobs.Clear();
        foreach (var g in decoded)
        {
            store.Load(g);
        }

        var groups = decoded.Length;

        var ops = 0;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var wiped = false;
        using (var cmd = _db.CreateCommand())
        {
            cmd.CommandText = "SELECT data FROM ops ORDER BY seq";
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var op = RecordCodec.DecodeOp((byte[])reader[0]);
                store.Apply(op);
                if (op.Kind == OpKind.Wipe)
                {
                    wiped = true;
                    touched.Clear();
                }
                else
                {
                    touched.Add(op.Group.Key);
                }

                ops++;
            }
        }

        Interlocked.Exchange(ref _opsSinceCompaction, ops);
        return new JournalLoad(groups, ops, touched, wiped);
    }

    public void Dispose()
    {
        _insertOp.Dispose();
        _db.Dispose();
        _scratch.Dispose();
    }

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
