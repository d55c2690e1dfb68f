namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// Reads one remote-write <c>TimeSeries</c> body in place: labels (field 1) and samples (field 2) as spans and
/// values, with no allocation. Unknown fields (exemplars, histograms) are skipped.
/// </summary>
public readonly ref struct TimeSeriesView
{
    private readonly ReadOnlySpan<byte> _body;

    /// <summary>A view of a <c>TimeSeries</c> message body.</summary>
    public TimeSeriesView(ReadOnlySpan<byte> timeSeriesBody)
    {
        _body = timeSeriesBody;
    }

    /// <summary>The labels, in wire order.</summary>
    public LabelEnumerator Labels => new(_body);

    /// <summary>The samples, in wire order.</summary>
    public SampleEnumerator Samples => new(_body);

    /// <summary>Enumerates (name, value) UTF-8 spans in wire order.</summary>
    public ref struct LabelEnumerator
    {
        private WireReader _reader;

        internal LabelEnumerator(ReadOnlySpan<byte> body)
        {
            _reader = new WireReader(body);
        }

        /// <summary>The next label; false after the last.</summary>
        /// <exception cref="Text.MetricsParseException">Malformed protobuf.</exception>
        public bool TryNext(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            while (_reader.TryReadLengthDelimited(out var field, out var payload))
            {
                if (field == RemoteWriteWire.LabelField)
                {
                    RemoteWriteWire.ReadLabel(payload, out name, out value);
                    return true;
                }
            }

            name = value = default;
            return false;
        }
    }

    /// <summary>Enumerates (timestamp ms, value) with the value's exact bits.</summary>
    public ref struct SampleEnumerator
    {
        private WireReader _reader;

        internal SampleEnumerator(ReadOnlySpan<byte> body)
        {
            _reader = new WireReader(body);
        }

        /// <summary>The next sample; false after the last.</summary>
        /// <exception cref="Text.MetricsParseException">Malformed protobuf.</exception>
        public bool TryNext(out long timestampMs, out double value)
        {
            while (_reader.TryReadLengthDelimited(out var field, out var payload))
            {
                if (field == RemoteWriteWire.SampleField)
                {
                    RemoteWriteWire.ReadSample(payload, out timestampMs, out value);
                    return true;
                }
            }

            timestampMs = 0;
            value = 0;
            return false;
        }
    }
}
