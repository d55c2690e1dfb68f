using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// Writes protobuf wire primitives into a span front to back, without allocating. The span must be large enough (size
/// a message first with <see cref="VarintSize"/> and <see cref="LengthDelimitedSize"/>); an overrun throws
/// <see cref="IndexOutOfRangeException"/> or <see cref="ArgumentException"/> as a span does.
/// </summary>
public ref struct WireWriter
{
    private readonly Span<byte> _out;
    private int _pos;

    /// <summary>A writer at the start of <paramref name="destination"/>.</summary>
    public WireWriter(Span<byte> destination)
    {
        _out = destination;
        _pos = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Written => _pos;

    /// <summary>Bytes of <paramref name="value"/> as a varint: seven bits a byte (no loop: this runs several times a sample).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintSize(ulong value) => ((BitOperations.Log2(value | 1) * 9) + 73) >> 6;

    /// <summary>Bytes of a length-delimited field of a number below 16 (one tag byte) with a payload of <paramref name="payload"/> bytes.</summary>
    public static int LengthDelimitedSize(int payload) => 1 + VarintSize((uint)payload) + payload;

    /// <summary>Writes <paramref name="value"/> as a varint at the start of <paramref name="destination"/>; returns its length. The only varint encoder of DualHub.</summary>
    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            destination[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[n++] = (byte)value;
        return n;
    }

    /// <summary>A field's tag.</summary>
    public void WriteTag(int field, WireType wireType) => WriteVarint(((uint)field << 3) | (uint)wireType);

    /// <summary>A varint.</summary>
    public void WriteVarint(ulong value) => _pos += WriteVarint(_out[_pos..], value);

    /// <summary>Eight little-endian bytes.</summary>
    public void WriteFixed64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_out[_pos..], value);
        _pos += 8;
    }

    /// <summary>Raw bytes (an already encoded field or message).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_out[_pos..]);
        _pos += bytes.Length;
    }

    /// <summary>
    /// Room for <paramref name="length"/> bytes the caller fills in itself (a message it copies in place); the writer
    /// moves past them.
    /// </summary>
    public Span<byte> Reserve(int length)
    {
        var span = _out.Slice(_pos, length);
        _pos += length;
        return span;
    }

    /// <summary>A length-delimited field: tag, length, <paramref name="payload"/>.</summary>
    public void WriteLengthDelimited(int field, ReadOnlySpan<byte> payload)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((uint)payload.Length);
        WriteBytes(payload);
    }

    /// <summary>A string field: tag, length (<paramref name="utf8Length"/>, its UTF-8 byte count, known to the caller), UTF-8 bytes.</summary>
    public void WriteString(int field, string value, int utf8Length)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((uint)utf8Length);
        _pos += Encoding.UTF8.GetBytes(value, _out[_pos..]);
    }
}
