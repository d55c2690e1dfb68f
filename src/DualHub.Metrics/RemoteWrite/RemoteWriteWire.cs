using System.Text;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// The remote-write 1.0 messages on the wire (prompb <c>WriteRequest</c>, <c>TimeSeries</c>, <c>Label</c>,
/// <c>Sample</c>): their field numbers, and reading and writing a label or a sample in place, built on
/// <see cref="WireReader"/> and <see cref="WireWriter"/>.
/// </summary>
public static class RemoteWriteWire
{
    /// <summary><c>WriteRequest.timeseries</c>: one <c>TimeSeries</c> entry.</summary>
    public const int TimeSeriesField = 1;

    /// <summary><c>TimeSeries.labels</c>: one <c>Label</c>.</summary>
    public const int LabelField = 1;

    /// <summary><c>TimeSeries.samples</c>: one <c>Sample</c>.</summary>
    public const int SampleField = 2;

    /// <summary><c>Label.name</c> (string).</summary>
    public const int LabelNameField = 1;

    /// <summary><c>Label.value</c> (string).</summary>
    public const int LabelValueField = 2;

    /// <summary><c>Sample.value</c> (double, fixed64).</summary>
    public const int SampleValueField = 1;

    /// <summary><c>Sample.timestamp</c> (int64, varint, milliseconds).</summary>
    public const int SampleTimestampField = 2;

    /// <summary>A <c>Label</c> message's name and value as UTF-8 spans (not checked here); absent fields are empty.</summary>
    /// <exception cref="Text.MetricsParseException">Malformed protobuf.</exception>
    public static void ReadLabel(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        name = value = default;
        var reader = new WireReader(message);
        while (reader.TryReadLengthDelimited(out var field, out var payload))
        {
            if (field == LabelNameField)
            {
                name = payload;
            }
            else if (field == LabelValueField)
            {
                value = payload;
            }
        }
    }

    /// <summary>A <c>Sample</c> message: the value with its exact bits (a stale marker stays one) and the timestamp; absent fields are 0 as in proto3.</summary>
    /// <exception cref="Text.MetricsParseException">Malformed protobuf.</exception>
    public static void ReadSample(ReadOnlySpan<byte> message, out long timestampMs, out double value)
    {
        timestampMs = 0;
        value = 0;
        var reader = new WireReader(message);
        while (reader.More)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == SampleValueField && wireType == WireType.Fixed64)
            {
                value = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
            }
            else if (field == SampleTimestampField && wireType == WireType.Varint)
            {
                timestampMs = unchecked((long)reader.ReadVarint());
            }
            else
            {
                reader.Skip(wireType);
            }
        }
    }

    /// <summary>
    /// Bytes of a <c>TimeSeries.labels</c> field (tag, length, <c>Label</c> message) whose name and value are
    /// <paramref name="nameBytes"/> and <paramref name="valueBytes"/> UTF-8 bytes, both written even when empty.
    /// </summary>
    public static int LabelSize(int nameBytes, int valueBytes) =>
        WireWriter.LengthDelimitedSize(LabelBodySize(nameBytes, valueBytes));

    /// <summary>
    /// Writes a <c>TimeSeries.labels</c> field with both strings (even empty ones); the UTF-8 byte counts are the
    /// caller's, so a hot path counts them once.
    /// </summary>
    public static void WriteLabel(ref WireWriter writer, string name, int nameBytes, string value, int valueBytes)
    {
        writer.WriteTag(LabelField, WireType.LengthDelimited);
        writer.WriteVarint((uint)LabelBodySize(nameBytes, valueBytes));
        writer.WriteString(LabelNameField, name, nameBytes);
        writer.WriteString(LabelValueField, value, valueBytes);
    }

    /// <summary>One label as <see cref="WriteLabel"/> writes it, in a new array (for keys made once, not per sample).</summary>
    public static byte[] EncodeLabel(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var n = Encoding.UTF8.GetByteCount(name);
        var v = Encoding.UTF8.GetByteCount(value);
        var bytes = new byte[LabelSize(n, v)];
        var writer = new WireWriter(bytes);
        WriteLabel(ref writer, name, n, value, v);
        return bytes;
    }

    private static int LabelBodySize(int nameBytes, int valueBytes) =>
        WireWriter.LengthDelimitedSize(nameBytes) + WireWriter.LengthDelimitedSize(valueBytes);
}
