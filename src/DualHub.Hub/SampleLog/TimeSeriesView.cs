namespace DualHub.Hub.SampleLog;

/// <summary>
/// Reads one remote-write <c>TimeSeries</c> body in place: labels (field 1) and samples (field 2) as spans and
/// values, with no allocation. Unknown fields (exemplars, histograms) are skipped.
/// </summary>
public readonly ref struct TimeSeriesView
{
    private readonly ReadOnlySpan<byte> _body;

    public TimeSeriesView(ReadOnlySpan<byte> timeSeriesBody)
    {
        _body = timeSeriesBody;
    }

    /// <summary>The body of a whole entry (tag, length, body) as returned by <see cref="SeriesEntryReader"/>.</summary>
    public static TimeSeriesView FromEntry(ReadOnlySpan<byte> entry)
    {
        var pos = 0;
        SeriesEntryReader.ReadVarint(entry, ref pos);
        var length = (int)SeriesEntryReader.ReadVarint(entry, ref pos);
        return new TimeSeriesView(entry.Slice(pos, length));
    }

    public LabelEnumerator Labels => new(_body);

    public SampleEnumerator Samples => new(_body);

    /// <summary>Enumerates (name, value) UTF-8 spans in wire order.</summary>
    public ref struct LabelEnumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private int _pos;

        internal LabelEnumerator(ReadOnlySpan<byte> body)
        {
            _body = body;
            _pos = 0;
        }

        public bool TryNext(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            name = value = default;
            while (NextField(_body, ref _pos, out var field, out var payload))
            {
                if (field != 1)
                {
                    continue;
                }

                var p = 0;
                while (NextField(payload, ref p, out var f, out var s))
                {
                    if (f == 1)
                    {
                        name = s;
                    }
                    else if (f == 2)
                    {
                        value = s;
                    }
                }

                return true;
            }

            return false;
        }
    }

    /// <summary>Enumerates (timestamp ms, value) with the value's exact bits.</summary>
    public ref struct SampleEnumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private int _pos;

        internal SampleEnumerator(ReadOnlySpan<byte> body)
        {
            _body = body;
            _pos = 0;
        }

        public bool TryNext(out long timestampMs, out double value)
        {
            timestampMs = 0;
            value = 0;
            while (NextField(_body, ref _pos, out var field, out var payload))
            {
                if (field != 2)
                {
                    continue;
                }

                WireFields.ReadSample(payload, out timestampMs, out value);
                return true;
            }

            return false;
        }
    }

    /// <summary>Next length-delimited field; other wire types are skipped.</summary>
    private static bool NextField(ReadOnlySpan<byte> data, scoped ref int pos, out int field, out ReadOnlySpan<byte> payload)
    {
        while (WireFields.Next(data, ref pos, out field, out _, out payload))
        {
            if (field != 0)
            {
                return true;
            }
        }

        return false;
    }
}
