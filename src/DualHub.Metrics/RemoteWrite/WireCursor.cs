using System.Buffers.Binary;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>Reads protobuf wire primitives from a span; every malformation is a <see cref="MetricsParseException"/>.</summary>
internal ref struct WireCursor(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _in = input;
    private int _pos;

    public readonly bool More => _pos < _in.Length;

    public static MetricsParseException Error(string message) => new($"remote-write protobuf: {message}");

    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        if (field == 0 || field > int.MaxValue)
        {
            throw Error($"invalid field number {field} at byte {_pos}");
        }

        return ((int)field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _in.Length)
            {
                throw Error("truncated varint");
            }

            var b = _in[_pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Error("varint longer than 10 bytes");
    }

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

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                ReadFixed64();
                break;
            case 2:
                ReadLengthDelimited();
                break;
            case 5:
                if (_in.Length - _pos < 4)
                {
                    throw Error("truncated fixed32");
                }

                _pos += 4;
                break;
            default:
                throw Error($"unsupported wire type {wireType} at byte {_pos}");
        }
    }
}
