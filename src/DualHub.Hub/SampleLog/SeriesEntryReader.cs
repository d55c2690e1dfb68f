namespace DualHub.Hub.SampleLog;

/// <summary>
/// Walks the <c>TimeSeries</c> entries (field 1) of a WriteRequest body by their length prefixes only, so a
/// forwarder can split a record at entry boundaries without decoding labels or samples.
/// </summary>
public ref struct SeriesEntryReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public SeriesEntryReader(ReadOnlySpan<byte> writeRequest)
    {
        _data = writeRequest;
        _pos = 0;
    }

    /// <summary>Offset just after the last entry read.</summary>
    public readonly int Position => _pos;

    /// <summary>Next entry: its whole encoding (tag, length, body) as a range of the input, and its sample count.</summary>
    public bool TryNext(out Range entry, out int samples)
    {
        entry = default;
        samples = 0;
        while (_pos < _data.Length)
        {
            var start = _pos;
            var tag = ReadVarint(_data, ref _pos);
            if ((tag & 7) != 2)
            {
                throw new FormatException($"unexpected wire type {tag & 7} at offset {start}");
            }

            var length = (int)ReadVarint(_data, ref _pos);
            if (length < 0 || _pos + length > _data.Length)
            {
                throw new FormatException($"truncated field at offset {start}");
            }

            var body = _data.Slice(_pos, length);
            _pos += length;
            if (tag >> 3 != 1)
            {
                continue; // metadata and other fields do not carry samples
            }

            entry = start.._pos;
            samples = CountSamples(body);
            return true;
        }

        return false;
    }

    internal static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new FormatException("truncated varint");
            }

            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FormatException("varint too long");
    }

    private static int CountSamples(ReadOnlySpan<byte> series)
    {
        var count = 0;
        var pos = 0;
        while (pos < series.Length)
        {
            var tag = ReadVarint(series, ref pos);
            switch (tag & 7)
            {
                case 0:
                    ReadVarint(series, ref pos);
                    break;
                case 1:
                    pos += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(series, ref pos);
                    pos += length;
                    if (tag >> 3 == 2)
                    {
                        count++;
                    }

                    break;
                case 5:
                    pos += 4;
                    break;
                default:
                    throw new FormatException($"unexpected wire type {tag & 7}");
            }
        }

        if (pos > series.Length)
        {
            throw new FormatException("truncated series");
        }

        return count;
    }
}
