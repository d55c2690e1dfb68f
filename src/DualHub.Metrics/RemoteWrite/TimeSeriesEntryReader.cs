namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// Walks the <c>TimeSeries</c> entries (field 1) of a <c>WriteRequest</c> body in place, so a record can be split at
/// entry boundaries, or its series read one by one, without decoding the rest. Other fields (metadata) are skipped.
/// </summary>
public ref struct TimeSeriesEntryReader
{
    private WireReader _reader;

    /// <summary>A reader at the start of an uncompressed <c>WriteRequest</c> body.</summary>
    public TimeSeriesEntryReader(ReadOnlySpan<byte> writeRequest)
    {
        _reader = new WireReader(writeRequest);
    }

    /// <summary>Offset just after the last entry read.</summary>
    public readonly int Position => _reader.Position;

    /// <summary>Next entry: its whole encoding (tag, length, body) as a range of the input, and its sample count.</summary>
    /// <exception cref="Text.MetricsParseException">Malformed protobuf.</exception>
    public bool TryNext(out Range entry, out int samples)
    {
        if (TryRead(out entry, out var body))
        {
            samples = CountSamples(body);
            return true;
        }

        samples = 0;
        return false;
    }

    /// <summary>Next entry: its whole encoding (tag, length, body) as a range of the input, and its body (a <c>TimeSeries</c> message).</summary>
    /// <exception cref="Text.MetricsParseException">Malformed protobuf.</exception>
    public bool TryRead(out Range entry, out ReadOnlySpan<byte> body)
    {
        while (_reader.TryReadLengthDelimited(out var field, out var start, out body))
        {
            if (field == RemoteWriteWire.TimeSeriesField)
            {
                entry = start.._reader.Position;
                return true;
            }
        }

        entry = default;
        return false;
    }

    /// <summary>The samples (field 2) of a <c>TimeSeries</c> body, counted without reading them.</summary>
    /// <exception cref="Text.MetricsParseException">Malformed protobuf.</exception>
    public static int CountSamples(ReadOnlySpan<byte> timeSeriesBody)
    {
        var count = 0;
        var reader = new WireReader(timeSeriesBody);
        while (reader.More)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == RemoteWriteWire.SampleField && wireType == WireType.LengthDelimited)
            {
                count++;
            }

            reader.Skip(wireType);
        }

        return count;
    }
}
