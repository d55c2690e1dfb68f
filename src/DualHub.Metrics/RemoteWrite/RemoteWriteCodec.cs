using System.Buffers;
using System.Text;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;
using Snappier;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// Remote-write 1.0 wire codec: <c>prometheus.WriteRequest</c> protobuf, hand-written over spans
/// (field layout of prompb types.proto/remote.proto; default values omitted, but -0.0 and NaN payloads kept bit for bit),
/// plus Snappy <em>block</em> compression (never framed).
/// </summary>
public static class RemoteWriteCodec
{
    /// <summary><c>Content-Type</c> of a remote-write body.</summary>
    public const string ContentType = "application/x-protobuf";

    /// <summary><c>Content-Encoding</c> of a remote-write body.</summary>
    public const string ContentEncoding = "snappy";

    /// <summary>Name of the protocol version header.</summary>
    public const string VersionHeader = "X-Prometheus-Remote-Write-Version";

    /// <summary>Value of <see cref="VersionHeader"/> for 1.0.</summary>
    public const string Version = "0.1.0";

    /// <summary>Default largest decompressed body accepted.</summary>
    public const int DefaultMaxDecompressedBytes = 32 * 1024 * 1024;

    /// <summary>Bytes of the uncompressed protobuf encoding of <paramref name="request"/>.</summary>
    public static int CalculateSize(WriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var size = 0;
        foreach (var series in request.Series)
        {
            size += WireWriter.LengthDelimitedSize(SeriesSize(series));
        }

        return size;
    }

    /// <summary>Writes the uncompressed protobuf encoding of <paramref name="request"/>.</summary>
    public static void Encode(WriteRequest request, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = CalculateSize(request);
        var span = output.GetSpan(size);
        var written = EncodeTo(request, span);
        output.Advance(written);
    }

    /// <summary>Writes the Snappy-block-compressed protobuf encoding of <paramref name="request"/>: the remote-write body.</summary>
    public static void EncodeCompressed(WriteRequest request, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = CalculateSize(request);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            var written = EncodeTo(request, rented);
            var target = output.GetSpan(Snappy.GetMaxCompressedLength(written));
            var compressed = Snappy.Compress(rented.AsSpan(0, written), target);
            output.Advance(compressed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes an uncompressed <c>WriteRequest</c>.</summary>
    /// <exception cref="MetricsParseException">Malformed protobuf or strings that are not UTF-8; nothing else is thrown for bad input.</exception>
    public static WriteRequest Decode(ReadOnlySpan<byte> protobuf)
    {
        var request = new WriteRequest();
        var state = new DecodeState();
        var entries = new TimeSeriesEntryReader(protobuf);
        while (entries.TryRead(out _, out var body))
        {
            request.Series.Add(ReadSeries(body, state));
        }

        return request;
    }

    /// <summary>Decompresses a Snappy block (refusing more than <paramref name="maxDecompressedBytes"/>) and decodes it.</summary>
    /// <exception cref="MetricsParseException">Bad Snappy data, too large, or malformed protobuf; nothing else is thrown for bad input.</exception>
    public static WriteRequest DecodeCompressed(ReadOnlySpan<byte> snappy, int maxDecompressedBytes = DefaultMaxDecompressedBytes)
    {
        var length = SnappyBlock.DeclaredLength(snappy);
        if (length < 0 || length > maxDecompressedBytes)
        {
            throw new MetricsParseException($"snappy: decompressed size {length} exceeds the limit of {maxDecompressedBytes} bytes");
        }

        var rented = ArrayPool<byte>.Shared.Rent(length + 1);
        try
        {
            SnappyBlock.Decompress(snappy, length, rented);
            return Decode(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int EncodeTo(WriteRequest request, Span<byte> span)
    {
        var writer = new WireWriter(span);
        foreach (var series in request.Series)
        {
            writer.WriteTag(RemoteWriteWire.TimeSeriesField, WireType.LengthDelimited);
            writer.WriteVarint((ulong)SeriesSize(series));
            foreach (var label in series.Labels)
            {
                writer.WriteTag(RemoteWriteWire.LabelField, WireType.LengthDelimited);
                writer.WriteVarint((ulong)LabelSize(label));
                WriteString(ref writer, RemoteWriteWire.LabelNameField, label.Name);
                WriteString(ref writer, RemoteWriteWire.LabelValueField, label.Value);
            }

            foreach (var sample in series.Samples)
            {
                writer.WriteTag(RemoteWriteWire.SampleField, WireType.LengthDelimited);
                writer.WriteVarint((ulong)SampleSize(sample));
                if (BitConverter.DoubleToUInt64Bits(sample.Value) != 0)
                {
                    writer.WriteTag(RemoteWriteWire.SampleValueField, WireType.Fixed64);
                    writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(sample.Value));
                }

                if (sample.TimestampMs != 0)
                {
                    writer.WriteTag(RemoteWriteWire.SampleTimestampField, WireType.Varint);
                    writer.WriteVarint(unchecked((ulong)sample.TimestampMs));
                }
            }
        }

        return writer.Written;
    }

    private static int SeriesSize(TimeSeries series)
    {
        var size = 0;
        foreach (var label in series.Labels)
        {
            size += WireWriter.LengthDelimitedSize(LabelSize(label));
        }

        foreach (var sample in series.Samples)
        {
            size += WireWriter.LengthDelimitedSize(SampleSize(sample));
        }

        return size;
    }

    // Default values (empty strings, +0.0, timestamp 0) are omitted, as protobuf's own encoders do.
    private static int LabelSize(Label label) => StringField(label.Name) + StringField(label.Value);

    private static int StringField(string value) => value.Length == 0 ? 0 : WireWriter.LengthDelimitedSize(Encoding.UTF8.GetByteCount(value));

    private static int SampleSize(Sample sample) =>
        (BitConverter.DoubleToUInt64Bits(sample.Value) != 0 ? 9 : 0) +
        (sample.TimestampMs != 0 ? 1 + WireWriter.VarintSize(unchecked((ulong)sample.TimestampMs)) : 0);

    private static void WriteString(ref WireWriter writer, int field, string value)
    {
        if (value.Length != 0)
        {
            writer.WriteString(field, value, Encoding.UTF8.GetByteCount(value));
        }
    }

    private static TimeSeries ReadSeries(ReadOnlySpan<byte> message, DecodeState state)
    {
        var reader = new WireReader(message);
        state.Labels.Clear();
        state.Samples.Clear();
        while (reader.TryReadLengthDelimited(out var field, out var payload))
        {
            if (field == RemoteWriteWire.LabelField)
            {
                state.Labels.Add(ReadLabel(payload, state.Strings));
            }
            else if (field == RemoteWriteWire.SampleField)
            {
                RemoteWriteWire.ReadSample(payload, out var timestampMs, out var value);
                state.Samples.Add(new Sample(value, timestampMs));
            }
        }

        return new TimeSeries { Labels = [.. state.Labels], Samples = [.. state.Samples] };
    }

    private static Label ReadLabel(ReadOnlySpan<byte> message, StringTable strings)
    {
        RemoteWriteWireValidation.ReadLabel(message, out var name, out var value);
        return new Label(name.IsEmpty ? string.Empty : strings.Get(name), value.IsEmpty ? string.Empty : strings.Get(value));
    }

    /// <summary>Scratch reused across the series of one request.</summary>
    private sealed class DecodeState
    {
        public StringTable Strings { get; } = new();

        public List<Label> Labels { get; } = [];

        public List<Sample> Samples { get; } = [];
    }
}
