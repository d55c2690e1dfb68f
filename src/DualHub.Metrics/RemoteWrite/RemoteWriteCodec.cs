using System.Buffers.Binary;
using System.Buffers;
using System.Text;
using System.Text.Unicode;
using DualHub.Metrics.Formatting;
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
            size += Field(SeriesSize(series));
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
        var cursor = new WireCursor(protobuf);
        while (cursor.More)
        {
            var (field, wireType) = cursor.ReadTag();
            if (field == 1 && wireType == 2)
            {
                request.Series.Add(ReadSeries(cursor.ReadLengthDelimited(), state));
            }
            else
            {
                cursor.Skip(wireType);
            }
        }

        return request;
    }

    /// <summary>Decompresses a Snappy block (refusing more than <paramref name="maxDecompressedBytes"/>) and decodes it.</summary>
    /// <exception cref="MetricsParseException">Bad Snappy data, too large, or malformed protobuf; nothing else is thrown for bad input.</exception>
    public static WriteRequest DecodeCompressed(ReadOnlySpan<byte> snappy, int maxDecompressedBytes = DefaultMaxDecompressedBytes)
    {
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(snappy);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
        {
            throw new MetricsParseException($"snappy: invalid block header: {ex.Message}", ex);
        }

        if (length < 0 || length > maxDecompressedBytes)
        {
            throw new MetricsParseException($"snappy: decompressed size {length} exceeds the limit of {maxDecompressedBytes} bytes");
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            int written;
            try
            {
                written = Snappy.Decompress(snappy, rented.AsSpan(0, length));
            }
            catch (Exception ex) when (ex is InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                throw new MetricsParseException($"snappy: corrupt block: {ex.Message}", ex);
            }

            return Decode(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int EncodeTo(WriteRequest request, Span<byte> span)
    {
        var pos = 0;
        foreach (var series in request.Series)
        {
            span[pos++] = 0x0A;
            pos += Varint.Write(span[pos..], (ulong)SeriesSize(series));
            foreach (var label in series.Labels)
            {
                span[pos++] = 0x0A;
                pos += Varint.Write(span[pos..], (ulong)LabelSize(label));
                pos += WriteString(span[pos..], 0x0A, label.Name);
                pos += WriteString(span[pos..], 0x12, label.Value);
            }

            foreach (var sample in series.Samples)
            {
                span[pos++] = 0x12;
                pos += Varint.Write(span[pos..], (ulong)SampleSize(sample));
                if (BitConverter.DoubleToUInt64Bits(sample.Value) != 0)
                {
                    span[pos++] = 0x09;
                    BinaryPrimitives.WriteUInt64LittleEndian(span[pos..], BitConverter.DoubleToUInt64Bits(sample.Value));
                    pos += 8;
                }

                if (sample.TimestampMs != 0)
                {
                    span[pos++] = 0x10;
                    pos += Varint.Write(span[pos..], unchecked((ulong)sample.TimestampMs));
                }
            }
        }

        return pos;
    }

    private static int SeriesSize(TimeSeries series)
    {
        var size = 0;
        foreach (var label in series.Labels)
        {
            size += Field(LabelSize(label));
        }

        foreach (var sample in series.Samples)
        {
            size += Field(SampleSize(sample));
        }

        return size;
    }

    private static int LabelSize(Label label) => StringField(label.Name) + StringField(label.Value);

    private static int StringField(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        return Field(Encoding.UTF8.GetByteCount(value));
    }

    private static int SampleSize(Sample sample) =>
        (BitConverter.DoubleToUInt64Bits(sample.Value) != 0 ? 9 : 0) +
        (sample.TimestampMs != 0 ? 1 + Varint.Size(unchecked((ulong)sample.TimestampMs)) : 0);

    // Tag byte + length prefix + payload.
    private static int Field(int payload) => 1 + Varint.Size((ulong)payload) + payload;

    private static int WriteString(Span<byte> span, byte tag, string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        span[0] = tag;
        var n = 1 + Varint.Write(span[1..], (ulong)length);
        return n + Encoding.UTF8.GetBytes(value, span[n..]);
    }

    private static TimeSeries ReadSeries(ReadOnlySpan<byte> message, DecodeState state)
    {
        var cursor = new WireCursor(message);
        state.Labels.Clear();
        state.Samples.Clear();
        while (cursor.More)
        {
            var (field, wireType) = cursor.ReadTag();
            if (field == 1 && wireType == 2)
            {
                state.Labels.Add(ReadLabel(cursor.ReadLengthDelimited(), state.Strings));
            }
            else if (field == 2 && wireType == 2)
            {
                state.Samples.Add(ReadSample(cursor.ReadLengthDelimited()));
            }
            else
            {
                cursor.Skip(wireType);
            }
        }

        return new TimeSeries { Labels = [.. state.Labels], Samples = [.. state.Samples] };
    }

    private static Label ReadLabel(ReadOnlySpan<byte> message, StringTable strings)
    {
        RemoteWriteWireValidation.ReadLabel(message, out var name, out var value);
        return new Label(name.IsEmpty ? string.Empty : strings.Get(name), value.IsEmpty ? string.Empty : strings.Get(value));
    }

    private static Sample ReadSample(ReadOnlySpan<byte> message)
    {
        var cursor = new WireCursor(message);
        double value = 0;
        long timestamp = 0;
        while (cursor.More)
        {
            var (field, wireType) = cursor.ReadTag();
            if (field == 1 && wireType == 1)
            {
                value = BitConverter.UInt64BitsToDouble(cursor.ReadFixed64());
            }
            else if (field == 2 && wireType == 0)
            {
                timestamp = unchecked((long)cursor.ReadVarint());
            }
            else
            {
                cursor.Skip(wireType);
            }
        }

        return new Sample(value, timestamp);
    }

    /// <summary>Scratch reused across the series of one request.</summary>
    private sealed class DecodeState
    {
        public StringTable Strings { get; } = new();

        public List<Label> Labels { get; } = [];

        public List<Sample> Samples { get; } = [];
    }
}
