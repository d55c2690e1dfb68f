using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DualHub.Hub.SampleJournal;

/// <summary>
/// The journal's record insert as a raw SQLite statement on the writer connection, so a record's bytes are bound
/// from a span (Microsoft.Data.Sqlite binds only whole arrays). Runs inside the writer's open transaction.
/// </summary>
internal sealed class RawInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public RawInsert(SqliteConnection connection)
    {
        _db = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(_db, "INSERT INTO batches(seq, appended_ms, samples, bytes, data) VALUES(?1, ?2, ?3, ?4, ?5)", out _stmt));
    }

    public void Execute(long sequence, long appendedMs, int samples, ReadOnlySpan<byte> data)
    {
        try
        {
            Check(raw.sqlite3_bind_int64(_stmt, 1, sequence));
            Check(raw.sqlite3_bind_int64(_stmt, 2, appendedMs));
            Check(raw.sqlite3_bind_int(_stmt, 3, samples));
            Check(raw.sqlite3_bind_int(_stmt, 4, data.Length));
            Check(raw.sqlite3_bind_blob(_stmt, 5, data));
            var rc = raw.sqlite3_step(_stmt);
            if (rc != raw.SQLITE_DONE)
            {
                Check(rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
            raw.sqlite3_clear_bindings(_stmt); // frees SQLite's copy of the record
        }
    }

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc);
        }
    }
}
