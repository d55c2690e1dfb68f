namespace DualHub.Hub.SampleJournal;

/// <summary>
/// A record's payload read through <see cref="ISampleLog.ReadRange"/>: the default <see cref="ISampleLog.OpenPayload"/>
/// for journals (such as wrappers) that have no cheaper sequential reader.
/// </summary>
internal sealed class RangeReadStream(ISampleLog log, long sequence, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.IsEmpty)
        {
            return 0;
        }

        var n = log.ReadRange(sequence, (int)_position, buffer[..(int)Math.Min(buffer.Length, length - _position)]);
        if (n == 0)
        {
            throw new IOException($"journal record {sequence} is gone");
        }

        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
