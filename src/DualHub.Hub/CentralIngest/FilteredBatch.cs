using System.Buffers;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.CentralIngest;

/// <summary>
/// The kept part of a filtered WriteRequest body, in a pooled buffer. Nothing is copied while every sample is kept
/// (<see cref="Copying"/> false: journal the input as is); the first drop copies the entries before it, then each
/// kept entry follows.
/// </summary>
internal sealed class FilteredBatch : IDisposable
{
    private byte[] _buffer = [];
    private int _length;

    public bool Copying { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Empties the batch for the next body; the buffer is kept.</summary>
    public void Reset()
    {
        _length = 0;
        Copying = false;
    }

    public void StartCopy(ReadOnlySpan<byte> keptPrefix)
    {
        Copying = true;
        Append(keptPrefix);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _length += bytes.Length;
    }

    public void AppendVarint(ulong value) =>
        _length += WireWriter.WriteVarint(GetSpan(10), value);

    public void AppendTag(int field, WireType wireType) => AppendVarint(((uint)field << 3) | (uint)wireType);

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private Span<byte> GetSpan(int size)
    {
        if (_length + size > _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Math.Max(_buffer.Length * 2, _length + size), 4096));
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = bigger;
        }

        return _buffer.AsSpan(_length);
    }
}
