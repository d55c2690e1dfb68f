using System.Buffers;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// Cutting a journaled <c>WriteRequest</c> body into requests or messages at <c>TimeSeries</c> entry boundaries (each
/// slice is a valid <c>WriteRequest</c> on its own), as the upstreams of the sample journal send it.
/// </summary>
public static class RemoteWriteEntries
{
    /// <summary>
    /// Whole top-level entries at the start of <paramref name="data"/>: stops before exceeding
    /// <paramref name="maxSamples"/> (never before the first entry), after <paramref name="maxEntries"/>, or at an
    /// entry cut by the end of the data (<c>Needed</c> is then that entry's full size, or a lower bound when even its
    /// header is cut). Returns the entries' byte length, count and samples.
    /// </summary>
    /// <exception cref="FormatException">Malformed protobuf.</exception>
    public static (int Length, int Entries, int Samples, int Needed) Measure(ReadOnlySpan<byte> data, int maxSamples, int maxEntries)
    {
        int pos = 0, entries = 0, samples = 0;
        while (pos < data.Length && entries < maxEntries)
        {
            var p = pos;
            if (!TryReadVarint(data, ref p, out var tag) || !TryReadLength(data, ref p, (WireType)(tag & 7), pos, out var length))
            {
                return (pos, entries, samples, data.Length - pos + 16);
            }

            var end = p + (long)length;
            if (length > (ulong)(data.Length - p))
            {
                return (pos, entries, samples, length >= int.MaxValue ? int.MaxValue : (int)Math.Min(int.MaxValue, end - pos));
            }

            // Metadata and other fields are entries without samples.
            var n = tag == ((RemoteWriteWire.TimeSeriesField << 3) | (int)WireType.LengthDelimited) ? TimeSeriesEntryReader.CountSamples(data[p..(int)end]) : 0;
            if (entries > 0 && samples + n > maxSamples)
            {
                break;
            }

            samples += n;
            entries++;
            pos = (int)end;
        }

        return (pos, entries, samples, 0);
    }

    /// <summary>
    /// Splits a <c>WriteRequest</c> body at <c>TimeSeries</c> entry boundaries into slices of at most
    /// <paramref name="maxBytes"/> (at least one entry each): their offsets, the number of the entry after each, and
    /// their samples.
    /// </summary>
    /// <exception cref="FormatException">Malformed protobuf.</exception>
    public static void Split(ReadOnlySpan<byte> data, int maxBytes, List<(int Start, int End, int NextEntry, int Samples)> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        chunks.Clear();
        var reader = new TimeSeriesEntryReader(data);
        int start = -1, end = 0, samples = 0, index = 0;
        while (reader.TryNext(out var range, out var n))
        {
            if (start >= 0 && range.End.Value - start > maxBytes)
            {
                chunks.Add((start, end, index, samples));
                start = -1;
                samples = 0;
            }

            if (start < 0)
            {
                start = range.Start.Value;
            }

            end = range.End.Value;
            samples += n;
            index++;
        }

        if (start >= 0)
        {
            chunks.Add((start, end, index, samples));
        }
    }

    /// <summary>
    /// The bytes after the tag that belong to the field: a length-delimited field's length (read), a scalar's own size
    /// (an unknown scalar field, which the receiver accepts and journals, is carried along as an entry without
    /// samples). False when the data ends inside the length or the varint.
    /// </summary>
    private static bool TryReadLength(ReadOnlySpan<byte> data, ref int pos, WireType wireType, int entryStart, out ulong length)
    {
        switch (wireType)
        {
            case WireType.LengthDelimited:
                return TryReadVarint(data, ref pos, out length);
            case WireType.Varint:
                var start = pos;
                var done = TryReadVarint(data, ref pos, out _);
                length = (ulong)(pos - start);
                pos = start;
                return done;
            case WireType.Fixed64:
                length = 8;
                return true;
            case WireType.Fixed32:
                length = 4;
                return true;
            default:
                throw WireReader.Error($"unexpected wire type {(int)wireType} at offset {entryStart}");
        }
    }

    /// <summary>A varint; false when the data ends inside it.</summary>
    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value) =>
        WireReader.TryReadVarint(data, ref pos, out value) switch
        {
            OperationStatus.Done => true,
            OperationStatus.NeedMoreData => false,
            _ => throw WireReader.Error("varint longer than 10 bytes"),
        };
}
