using System.Text;
using System.Text.Unicode;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// The rules of <see cref="RemoteWriteValidation"/> checked on the wire form of an uncompressed <c>WriteRequest</c>,
/// without decoding it into objects (a receiver's hot path: no allocation unless a series is invalid).
/// </summary>
public static class RemoteWriteWireValidation
{
    /// <summary>
    /// Null when every series is valid (with <paramref name="samples"/> the number of samples), else the reason for the
    /// first invalid one, worded as <see cref="RemoteWriteValidation.Validate(WriteRequest)"/> words it.
    /// </summary>
    /// <exception cref="MetricsParseException">Malformed protobuf or strings that are not UTF-8.</exception>
    public static string? Validate(ReadOnlySpan<byte> writeRequest, out int samples)
    {
        samples = 0;
        var entries = new TimeSeriesEntryReader(writeRequest);
        var index = 0;
        while (entries.TryRead(out _, out var series))
        {
            if (ValidateSeries(series, ref samples) is { } reason)
            {
                return $"series {index}: {reason}";
            }

            index++;
        }

        return null;
    }

    private static string? ValidateSeries(ReadOnlySpan<byte> series, ref int samples)
    {
        var reader = new WireReader(series);
        ReadOnlySpan<byte> previous = default;
        ReadOnlySpan<byte> metric = default;
        var hasPrevious = false;
        var hasName = false;
        string? error = null;
        while (reader.TryReadLengthDelimited(out var field, out var payload))
        {
            if (field == RemoteWriteWire.LabelField)
            {
                ReadLabel(payload, out var name, out var value);
                if (error is not null)
                {
                    continue; // keep reading: malformed protobuf later in the series is still a parse error
                }

                error = CheckLabel(name, value, previous, hasPrevious);
                if (name.SequenceEqual("__name__"u8))
                {
                    hasName = true;
                    metric = value;
                }

                previous = name;
                hasPrevious = true;
            }
            else if (field == RemoteWriteWire.SampleField)
            {
                RemoteWriteWire.ReadSample(payload, out _, out _);
                samples++;
            }
        }

        if (error is not null)
        {
            return error;
        }

        if (!hasName)
        {
            return "no __name__ label";
        }

        return IsValidName(metric, metric: true) ? null : $"invalid metric name {Quote(metric)}";
    }

    private static string? CheckLabel(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ReadOnlySpan<byte> previous, bool hasPrevious)
    {
        if (name.IsEmpty)
        {
            return "empty label name";
        }

        if (!IsValidName(name, metric: false))
        {
            return $"invalid label name {Quote(name)}";
        }

        if (value.IsEmpty)
        {
            return $"empty value for label {Quote(name)}";
        }

        if (hasPrevious)
        {
            // Valid names are ASCII, so byte order is the ordinal order the object validation uses.
            var order = previous.SequenceCompareTo(name);
            if (order == 0)
            {
                return $"duplicate label name {Quote(name)}";
            }

            if (order > 0)
            {
                return $"labels not sorted: {Quote(name)} after {Quote(previous)}";
            }
        }

        return null;
    }

    /// <summary>A Label message's name and value (UTF-8 checked; absent fields are empty).</summary>
    internal static void ReadLabel(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        RemoteWriteWire.ReadLabel(message, out name, out value);
        if (!Utf8.IsValid(name))
        {
            throw WireReader.Error("label name is not valid UTF-8");
        }

        if (!Utf8.IsValid(value))
        {
            throw WireReader.Error("label value is not valid UTF-8");
        }
    }

    private static bool IsValidName(ReadOnlySpan<byte> name, bool metric)
    {
        if (name.IsEmpty || !(LabelNames.IsLabelStart(name[0]) || (metric && name[0] == ':')))
        {
            return false;
        }

        foreach (var b in name[1..])
        {
            if (!(LabelNames.IsLabelContinuation(b) || (metric && b == ':')))
            {
                return false;
            }
        }

        return true;
    }

    private static string Quote(ReadOnlySpan<byte> utf8) => GoQuote.Quote(Encoding.UTF8.GetString(utf8));
}
