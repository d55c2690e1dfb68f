using DualHub.Hub.SampleLog;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>
/// A compact form of a series' wire-encoded labels for the scrape cache: the label messages that many series of a
/// target share (its target and external labels, and its metric names) are kept once here and referenced with one or
/// two bytes; the rest stays literal. The form is canonical (the same labels always give the same bytes, since a
/// shared message is never dropped while series may reference it), so it also serves as the series' key.
/// Items: header 1..127 = that many literal bytes follow; 0x80 | i = shared message i (i &lt; 64);
/// 0xC0 | hi, lo = shared message 64 + (hi &lt;&lt; 8 | lo).
/// </summary>
internal sealed class SharedLabelCodec
{
    /// <summary>Shared messages a two-byte reference can name; later metric names stay literal.</summary>
    public const int MaxShared = 64 + (64 << 8);

    private const int MaxLiteralRun = 127;

    /// <summary>The start of a <c>__name__</c> label's message body: name field, length 8, "__name__".</summary>
    private static readonly byte[] s_nameBody = [0x0A, 0x08, .. "__name__"u8];

    private readonly ByteKeyIndex _index;
    private readonly int _fixedCount;
    private byte[] _bytes = new byte[1024];
    private int[] _ends = new int[64];
    private int _count;

    /// <summary>The target's own labels (target and external) are shared from the start and for good.</summary>
    public SharedLabelCodec(IEnumerable<Label> fixedLabels)
    {
        ArgumentNullException.ThrowIfNull(fixedLabels);
        _index = new ByteKeyIndex(Message);
        foreach (var l in fixedLabels)
        {
            var message = SampleBatchBuilder.EncodeLabel(l.Name, l.Value);
            if (_count < 64 && _index.Find(message) < 0)
            {
                AddShared(message);
            }
        }

        _fixedCount = _count;
    }

    /// <summary>Bytes held for shared messages.</summary>
    public int SharedBytes => _count == 0 ? 0 : _ends[_count - 1];

    /// <summary>Forgets the metric names (when no series references them any more).</summary>
    public void Reset()
    {
        _count = _fixedCount;
        _index.Clear();
        for (var i = 0; i < _count; i++)
        {
            _index.Add(i);
        }

        if (_bytes.Length > 64 * 1024)
        {
            Array.Resize(ref _bytes, Math.Max(1024, SharedBytes));
        }
    }

    /// <summary>Writes the compact form of wire-encoded labels into <paramref name="dest"/> (grown as needed); returns its length.</summary>
    public int Compress(ReadOnlySpan<byte> labels, ref byte[] dest)
    {
        if (dest.Length < (labels.Length * 2) + 8)
        {
            dest = new byte[(labels.Length * 2) + 8];
        }

        var w = 0;
        var run = -1; // the header of the literal run being written, or -1
        var i = 0;
        while (i < labels.Length)
        {
            var end = MessageEnd(labels, i);
            if (end == i)
            {
                // Not a well-formed message (never from the batch builder): the rest stays literal.
                AppendLiteral(labels[i..], dest, ref w, ref run);
                break;
            }

            var shared = Shared(labels[i..end]);
            if (shared < 0)
            {
                AppendLiteral(labels[i..end], dest, ref w, ref run);
            }
            else if (shared < 64)
            {
                dest[w++] = (byte)(0x80 | shared);
                run = -1;
            }
            else
            {
                dest[w++] = (byte)(0xC0 | ((shared - 64) >> 8));
                dest[w++] = (byte)(shared - 64);
                run = -1;
            }

            i = end;
        }

        return w;
    }

    /// <summary>Length of the wire form of compact labels.</summary>
    public int ExpandedLength(ReadOnlySpan<byte> compact)
    {
        var length = 0;
        var i = 0;
        while (i < compact.Length)
        {
            var h = compact[i];
            if (h < 0x80)
            {
                length += h;
                i += 1 + h;
            }
            else
            {
                length += MessageLength(Reference(compact, ref i));
            }
        }

        return length;
    }

    /// <summary>Writes the wire form of compact labels (<see cref="ExpandedLength"/> bytes).</summary>
    public void Expand(ReadOnlySpan<byte> compact, Span<byte> dest)
    {
        var w = 0;
        var i = 0;
        while (i < compact.Length)
        {
            var h = compact[i];
            if (h < 0x80)
            {
                compact.Slice(i + 1, h).CopyTo(dest[w..]);
                w += h;
                i += 1 + h;
            }
            else
            {
                var m = Message(Reference(compact, ref i));
                m.CopyTo(dest[w..]);
                w += m.Length;
            }
        }
    }

    private static int Reference(ReadOnlySpan<byte> compact, ref int i)
    {
        var h = compact[i];
        if (h < 0xC0)
        {
            i++;
            return h & 0x3F;
        }

        var index = 64 + ((h & 0x3F) << 8) + compact[i + 1];
        i += 2;
        return index;
    }

    /// <summary>The end of the label message at <paramref name="start"/> (tag 1, length, body), or <paramref name="start"/> when malformed.</summary>
    private static int MessageEnd(ReadOnlySpan<byte> labels, int start)
    {
        if (labels[start] != 0x0A)
        {
            return start;
        }

        ulong length = 0;
        var shift = 0;
        var i = start + 1;
        while (i < labels.Length && shift < 35)
        {
            var b = labels[i++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return length <= (ulong)(labels.Length - i) ? i + (int)length : start;
            }

            shift += 7;
        }

        return start;
    }

    private static void AppendLiteral(ReadOnlySpan<byte> bytes, byte[] dest, ref int w, ref int run)
    {
        while (!bytes.IsEmpty)
        {
            if (run < 0 || dest[run] == MaxLiteralRun)
            {
                run = w++;
                dest[run] = 0;
            }

            var take = Math.Min(MaxLiteralRun - dest[run], bytes.Length);
            bytes[..take].CopyTo(dest.AsSpan(w));
            dest[run] += (byte)take;
            w += take;
            bytes = bytes[take..];
        }
    }

    private int MessageLength(int index) => _ends[index] - (index == 0 ? 0 : _ends[index - 1]);

    private ReadOnlySpan<byte> Message(int index)
    {
        var start = index == 0 ? 0 : _ends[index - 1];
        return _bytes.AsSpan(start, _ends[index] - start);
    }

    /// <summary>The shared message equal to <paramref name="message"/>; a metric name not seen yet becomes shared.</summary>
    private int Shared(ReadOnlySpan<byte> message)
    {
        var body = 2;
        while (message[body - 1] >= 0x80)
        {
            body++;
        }

        if (!message[body..].StartsWith(s_nameBody))
        {
            // Target and external labels: few, compared directly.
            for (var k = 0; k < _fixedCount; k++)
            {
                if (Message(k).SequenceEqual(message))
                {
                    return k;
                }
            }

            return -1;
        }

        var found = _index.Find(message);
        if (found >= 0 || _count == MaxShared)
        {
            return found;
        }

        AddShared(message);
        return _count - 1;
    }

    private void AddShared(ReadOnlySpan<byte> message)
    {
        var start = SharedBytes;
        if (start + message.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, start + message.Length));
        }

        if (_count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        message.CopyTo(_bytes.AsSpan(start));
        _ends[_count++] = start + message.Length;
        _index.Add(_count - 1);
    }
}
