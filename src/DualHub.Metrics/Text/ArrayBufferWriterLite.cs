namespace DualHub.Metrics.Text;

/// <summary>A growable byte scratch buffer for unescaped tokens, reused across lines.</summary>
internal sealed class ArrayBufferWriterLite
{
    private byte[] _buffer = new byte[256];
    private int _count;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _count);

    public void Clear() => _count = 0;

    public void Add(byte b)
    {
        if (_count == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[_count++] = b;
    }
}
