using System.Buffers;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;
using Google.Protobuf;
using Wire = DualHub.Metrics.Protobuf.Generated;

namespace DualHub.Metrics.Protobuf;

/// <summary>
/// Reads varint-length-delimited <c>io.prometheus.client.MetricFamily</c> messages
/// (<see cref="ContentNegotiation.ProtobufContentType"/>, what client_golang pushes by default).
/// </summary>
public static class ProtobufParser
{
    /// <summary>Default largest single message accepted (the whole input is bounded by the caller).</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Parses all messages. A family name that repeats replaces the earlier family in place
    /// (as Pushgateway does). Names and label names must be valid, label names unique, and each
    /// metric must carry the field its type requires, as Pushgateway's consistency check demands. Families without
    /// metrics are dropped unchecked, as the Pushgateway stores them without checking them and exposes nothing of them.
    /// </summary>
    /// <exception cref="MetricsParseException">Truncated varint or message, oversized message, invalid protobuf or content; nothing else is thrown for bad input.</exception>
    public static List<MetricFamily> ParseDelimited(ReadOnlySpan<byte> input, int maxMessageBytes = DefaultMaxMessageBytes) =>
        ParseDelimited(input, int.MaxValue, maxMessageBytes);

    /// <summary>
    /// As <see cref="ParseDelimited(ReadOnlySpan{byte}, int)"/>, stopping at the first message that takes the series
    /// beyond <paramref name="maxSeries"/> (a <see cref="MetricsParseException"/> with
    /// <see cref="MetricsParseException.SeriesLimit"/> set) before decoding it. A family replaced by a later one of its
    /// name no longer counts, as the Pushgateway keeps only the last.
    /// </summary>
    public static List<MetricFamily> ParseDelimited(ReadOnlySpan<byte> input, int maxSeries, int maxMessageBytes)
    {
        var series = 0L;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<MetricFamily?>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var pos = 0;
        var messageNumber = 0;
        while (pos < input.Length)
        {
            messageNumber++;
            var length = ReadLength(input, ref pos, messageNumber, maxMessageBytes);
            if (length < 0)
            {
                break;
            }

            if (input.Length - pos < length)
            {
                throw new MetricsParseException($"protobuf message {messageNumber} is truncated: {length} bytes announced, {input.Length - pos} left");
            }

            // Counted on the wire first: a message of empty metrics is 2 bytes each, millions of objects once decoded.
            if (maxSeries < int.MaxValue && Scan(input.Slice(pos, length)) is { } scanned)
            {
                series += scanned.Metrics - counts.GetValueOrDefault(scanned.Name);
                counts[scanned.Name] = scanned.Metrics;
                if (series > maxSeries)
                {
                    throw MetricsParseException.TooManySeries(maxSeries);
                }
            }

            Wire.MetricFamily message;
            try
            {
                message = Wire.MetricFamily.Parser.ParseFrom(input.Slice(pos, length));
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new MetricsParseException($"protobuf message {messageNumber} is invalid: {ex.Message}", ex);
            }

            pos += length;

            // A family without metrics is never checked by the Pushgateway (its consistency check looks at metrics), so
            // any name and type pass; it still replaces an earlier family of its name, and is dropped below.
            var family = message.Metric.Count == 0 ? null : ProtobufConverter.ToModel(message, messageNumber);
            if (index.TryGetValue(message.Name, out var existing))
            {
                result[existing] = family;
            }
            else
            {
                index[message.Name] = result.Count;
                result.Add(family);
            }
        }

        return [.. result.OfType<MetricFamily>()];
    }

    /// <inheritdoc cref="ParseDelimited(ReadOnlySpan{byte}, int)"/>
    public static List<MetricFamily> ParseDelimited(ReadOnlySequence<byte> input, int maxMessageBytes = DefaultMaxMessageBytes) =>
        SequenceInput.Parse(input, span => ParseDelimited(span, maxMessageBytes));

    /// <summary>
    /// A MetricFamily message's name (field 1) and number of metrics (field 4) read from its wire form; null when the
    /// scanner cannot read it (the decoder then reports what is wrong).
    /// </summary>
    private static (string Name, int Metrics)? Scan(ReadOnlySpan<byte> message)
    {
        var reader = new WireReader(message);
        var name = ReadOnlySpan<byte>.Empty;
        var metrics = 0;
        try
        {
            while (reader.TryReadLengthDelimited(out var field, out var payload))
            {
                if (field == 4)
                {
                    metrics++;
                }
                else if (field == 1)
                {
                    name = payload;
                }
            }
        }
        catch (MetricsParseException)
        {
            return null;
        }

        return (System.Text.Encoding.UTF8.GetString(name), metrics);
    }

    /// <summary>The longest length prefix Go's <c>pbutil.ReadDelimited</c> reads (a varint32's).</summary>
    private const int MaxPrefixBytes = 5;

    /// <summary>The next message's length, or -1 where the Pushgateway sees the end of the body.</summary>
    private static int ReadLength(ReadOnlySpan<byte> input, ref int pos, int messageNumber, int maxMessageBytes)
    {
        var start = pos;
        var status = WireReader.TryReadVarint(input, ref pos, out var value);
        if ((status == OperationStatus.Done && pos - start > MaxPrefixBytes)
            || status == OperationStatus.InvalidData
            || (status == OperationStatus.NeedMoreData && input.Length - start >= MaxPrefixBytes))
        {
            throw new MetricsParseException($"protobuf message {messageNumber}: invalid varint32 length prefix (more than {MaxPrefixBytes} bytes)");
        }

        // Go reads a prefix cut short, or a whole one with no byte after it, as io.EOF, which the Pushgateway takes for
        // the end of the body (a message cut after its first byte is an error there and here).
        if (status == OperationStatus.NeedMoreData || pos == input.Length)
        {
            return -1;
        }

        if (value > (ulong)maxMessageBytes)
        {
            throw new MetricsParseException($"protobuf message {messageNumber} is {value} bytes, more than the limit of {maxMessageBytes}");
        }

        return (int)value;
    }
}
