using System.Buffers.Binary;

namespace DualHub.Hub.SampleLog;

/// <summary>
/// The protobuf field walk shared by the journal's in-place readers (<see cref="TimeSeriesView"/>, the central ingest
/// filter): length-delimited fields as spans, nothing allocated.
/// </summary>
internal static class WireFields
{
    /// <summary>
    /// Next field: its number, where its encoding starts, and the payload of a length-delimited one. A field of another
    /// wire type is skipped and reported as field 0 (no message field of remote-write has one).
    /// </summary>
    public static bool Next(ReadOnlySpan<byte> data, scoped ref int pos, out int field, out int start, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        start = pos;
        field = 0;
        if (pos >= data.Length)
        {
            return false;
        }

        var tag = SeriesEntryReader.ReadVarint(data, ref pos);
        if ((tag & 7) == 2)
        {
            var length = (int)SeriesEntryReader.ReadVarint(data, ref pos);
            if (length < 0 || pos + length > data.Length)
            {
                throw new FormatException("truncated field");
            }

            payload = data.Slice(pos, length);
            pos += length;
            field = (int)(tag >> 3);
            return true;
        }

        Skip(data, ref pos, tag);
        return true;
    }

    /// <summary>A Sample message: value (exact bits) and timestamp; absent fields are 0 as in proto3.</summary>
    public static void ReadSample(ReadOnlySpan<byte> payload, out long timestampMs, out double value)
    {
        timestampMs = 0;
        value = 0;
        var p = 0;
        while (p < payload.Length)
        {
            var tag = SeriesEntryReader.ReadVarint(payload, ref p);
            if (tag == 0x09)
            {
                if (p + 8 > payload.Length)
                {
                    throw new FormatException("truncated sample value");
                }

                value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(payload[p..]));
                p += 8;
            }
            else if (tag == 0x10)
            {
                timestampMs = (long)SeriesEntryReader.ReadVarint(payload, ref p);
            }
            else
            {
                Skip(payload, ref p, tag);
            }
        }
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int pos, ulong tag)
    {
        switch (tag & 7)
        {
            case 0:
                SeriesEntryReader.ReadVarint(data, ref pos);
                break;
            case 1:
                pos += 8;
                break;
            case 2:
                var length = (int)SeriesEntryReader.ReadVarint(data, ref pos);
                pos += length;
                break;
            case 5:
                pos += 4;
                break;
            default:
                throw new FormatException($"unsupported wire type {tag & 7}");
        }

        if (pos > data.Length)
        {
            throw new FormatException("truncated field");
        }
    }
}
