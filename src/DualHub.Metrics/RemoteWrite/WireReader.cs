using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// Reads protobuf wire primitives from a span, front to back, without allocating. Every malformation (truncation, a
/// length past the end, a varint longer than ten bytes, an unknown wire type) is a <see cref="MetricsParseException"/>
/// (a <see cref="FormatException"/>); nothing else is thrown for bad input.
/// </summary>
public ref struct WireReader
{
    private const int MaxVarintBytes = 10;
    private readonly ReadOnlySpan<byte> _in;
    private int _pos;

    /// <summary>A reader at the start of <paramref name="input"/>.</summary>
    public WireReader(ReadOnlySpan<byte> input)
    {
        _in = input;
        _pos = 0;
    }

    /// <summary>Whether bytes are left to read.</summary>
    public readonly bool More => _pos < _in.Length;

    /// <summary>Offset of the next byte to read.</summary>
    public readonly int Position => _pos;

    /// <summary>
    /// Reads a base-128 varint at <paramref name="pos"/> and moves past it: <see cref="OperationStatus.Done"/>,
    /// <see cref="OperationStatus.NeedMoreData"/> when the data ends inside it, or <see cref="OperationStatus.InvalidData"/>
    /// when it runs past ten bytes. The only varint decoder of DualHub: every reader of a varint calls it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static OperationStatus TryReadVarint(ReadOnlySpan<byte> data, scoped ref int pos, out ulong value)
    {
        // One byte (tags, short lengths) is the common case: no loop.
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            value = data[pos++];
            return OperationStatus.Done;
        }

        return TryReadLongVarint(data, ref pos, out value);
    }

    /// <summary>A varint at <paramref name="pos"/> (moved past it).</summary>
    /// <exception cref="MetricsParseException">Truncated, or longer than ten bytes.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadVarint(ReadOnlySpan<byte> data, scoped ref int pos)
    {
        var status = TryReadVarint(data, ref pos, out var value);
        return status == OperationStatus.Done ? value : throw VarintError(status);
    }

    /// <summary>A field's tag: its number (at least 1) and wire type.</summary>
    /// <exception cref="MetricsParseException">Field number 0 or beyond <see cref="int.MaxValue"/>, or a bad varint.</exception>
    public (int Field, WireType WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field == 0 || field > int.MaxValue)
        {
            throw Error($"invalid field number {field} at byte {_pos}");
        }

        return ((int)field, (WireType)(tag & 7));
    }

    /// <summary>A varint.</summary>
    public ulong ReadVarint() => ReadVarint(_in, ref _pos);

    /// <summary>Eight little-endian bytes.</summary>
    public ulong ReadFixed64()
    {
        if (_in.Length - _pos < 8)
        {
            throw Error("truncated fixed64");
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_in[_pos..]);
        _pos += 8;
        return value;
    }

    /// <summary>A length-delimited payload (a slice of the input).</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_in.Length - _pos))
        {
            throw Error($"length {length} at byte {_pos} runs past the end of the message");
        }

        var span = _in.Slice(_pos, (int)length);
        _pos += (int)length;
        return span;
    }

    /// <summary>Moves past the value of a field of <paramref name="wireType"/> (its tag already read).</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                if (_in.Length - _pos < 4)
                {
                    throw Error("truncated fixed32");
                }

                _pos += 4;
                break;
            default:
                throw Error($"unsupported wire type {(int)wireType} at byte {_pos}");
        }
    }

    /// <summary>The next length-delimited field (fields of other wire types are skipped); false at the end.</summary>
    public bool TryReadLengthDelimited(out int field, out ReadOnlySpan<byte> payload) => TryReadLengthDelimited(out field, out _, out payload);

    /// <summary>
    /// The next length-delimited field (fields of other wire types are skipped) and the offset where its encoding (tag,
    /// length, payload) starts, so a caller can copy the field as it is; false at the end.
    /// </summary>
    public bool TryReadLengthDelimited(out int field, out int start, out ReadOnlySpan<byte> payload)
    {
        while (_pos < _in.Length)
        {
            start = _pos;
            (field, var wireType) = ReadTag();
            if (wireType == WireType.LengthDelimited)
            {
                payload = ReadLengthDelimited();
                return true;
            }

            Skip(wireType);
        }

        field = start = 0;
        payload = default;
        return false;
    }

    /// <summary>The exception for malformed input, with the message prefix every remote-write parse error has.</summary>
    internal static MetricsParseException Error(string message) => new($"remote-write protobuf: {message}");

    private static MetricsParseException VarintError(OperationStatus status) =>
        Error(status == OperationStatus.NeedMoreData ? "truncated varint" : "varint longer than 10 bytes");

    private static OperationStatus TryReadLongVarint(ReadOnlySpan<byte> data, scoped ref int pos, out ulong value)
    {
        value = 0;
        var p = pos;
        for (var shift = 0; shift < MaxVarintBytes * 7; shift += 7)
        {
            if ((uint)p >= (uint)data.Length)
            {
                return OperationStatus.NeedMoreData;
            }

            var b = data[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                pos = p;
                return OperationStatus.Done;
            }
        }

        return OperationStatus.InvalidData;
    }
}
