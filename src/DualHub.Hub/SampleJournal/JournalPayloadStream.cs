using Microsoft.Data.Sqlite;

namespace DualHub.Hub.SampleJournal;

/// <summary>
/// A record's payload open for reading (a SQLite incremental blob on a pooled reader connection). Reading it front to
/// back follows the blob's overflow pages once; separate range reads would walk the chain from the start each time.
/// Holds a read snapshot: dispose it soon, and before any long wait.
/// </summary>
internal sealed class JournalPayloadStream(SqliteBlob blob, Action release) : Stream
{
    private bool _disposed;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => blob.Length;

    public override long Position
    {
        get => blob.Position;
        set => blob.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return blob.Read(buffer);
        }
        catch (SqliteException ex)
        {
            // The row was deleted (retention) or changed under the open blob.
            throw new IOException(ex.Message, ex);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => blob.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            blob.Dispose();
            release();
        }

        base.Dispose(disposing);
    }
}
