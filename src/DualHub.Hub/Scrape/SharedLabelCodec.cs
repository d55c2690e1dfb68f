using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Scrape;

/// <summary>
/// A compact form of a series' wire-encoded labels for the scrape cache: runs of label messages that many series of a
/// target share (its target and external labels, metric names, <c>le</c> and <c>quantile</c>, and labels whose name
/// has had few values so far, with the target labels that sort next to them) are kept once here and referenced with
/// one or two bytes; the rest stays literal. Which labels are shared depends on what was seen before, so the same
/// labels may compress differently over time: the cache finds series by their expanded (wire) form. Shared runs are
/// forgotten only all at once (the cache makes a new codec when it compacts).
/// Layout: the wire form's length (varint), then items: header 1..127 = that many literal bytes follow;
/// 0x80 | i = shared run i (i &lt; 64); 0xC0 | hi, lo = shared run 64 + (hi &lt;&lt; 8 | lo). A typical series is then
/// a few copies (shared, literal, shared) when written out.
/// </summary>
internal sealed class SharedLabelCodec
{
    /// <summary>Shared runs a two-byte reference can name; later ones stay literal.</summary>
    public const int MaxShared = 64 + (64 << 8);

    /// <summary>Longer runs are not shared: with <see cref="MaxShared"/>, at most 8 MiB, whatever a target sends.</summary>
    public const int MaxRunBytes = 512;

    /// <summary>Labels whose name has at most this many values so far are shared (methods, codes, modes, cpus...).</summary>
    public const int MaxValuesShared = 256;

    private const int MaxNamesTracked = 4096;

    private const int MaxLiteralRun = 127;

    /// <summary>The start of a <c>__name__</c> label's message body: name field, length 8, "__name__".</summary>
    private static readonly byte[] s_nameBody = [0x0A, 0x08, .. "__name__"u8];

    /// <summary>Histogram buckets' and summary quantiles' labels: a few values each, repeated by every such series.</summary>
    private static readonly byte[] s_leBody = [0x0A, 0x02, .. "le"u8, 0x12];

    private static readonly byte[] s_quantileBody = [0x0A, 0x08, .. "quantile"u8, 0x12];

    private readonly ByteKeyIndex _index;

    /// <summary>Per label name (hash): the hashes of its values seen, or null once more than <see cref="MaxValuesShared"/>.</summary>
    private readonly Dictionary<ulong, HashSet<ulong>?> _valuesByName = [];
    private readonly int _fixedCount;
    private byte[] _bytes = new byte[1024];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private int _count;
    private int _used;

    /// <summary>The target's own labels (target and external) are shared from the start and for good, one run each.</summary>
    public SharedLabelCodec(IEnumerable<Label> fixedLabels)
    {
        ArgumentNullException.ThrowIfNull(fixedLabels);
        _index = new ByteKeyIndex(Run);
        foreach (var l in fixedLabels)
        {
            var message = RemoteWriteWire.EncodeLabel(l.Name, l.Value);
            if (_count < 64 && _index.Find(message) < 0)
            {
                AddShared(message);
            }
        }

        _fixedCount = _count;
    }

    /// <summary>Shared runs held (the target's own labels included).</summary>
    public int Count => _count;

    /// <summary>Writes the compact form of wire-encoded labels into <paramref name="dest"/> (grown as needed); returns its length.</summary>
    public int Compress(ReadOnlySpan<byte> labels, ref byte[] dest)
    {
        if (dest.Length < (labels.Length * 2) + 16)
        {
            dest = new byte[(labels.Length * 2) + 16];
        }

        var w = WireWriter.WriteVarint(dest, (uint)labels.Length);
        var literal = -1; // the header of the literal run being written, or -1
        var i = 0;
        while (i < labels.Length)
        {
            var end = MessageEnd(labels, i);
            if (end == i)
            {
                // Not a well-formed message (never from the batch builder): the rest stays literal.
                AppendLiteral(labels[i..], dest, ref w, ref literal);
                break;
            }

            if (!IsShareable(labels[i..end]))
            {
                AppendLiteral(labels[i..end], dest, ref w, ref literal);
                i = end;
                continue;
            }

            // The longest run of shareable messages from here: one reference when it is shared.
            var runEnd = end;
            var messages = 1;
            while (runEnd < labels.Length)
            {
                var next = MessageEnd(labels, runEnd);
                if (next == runEnd || !IsShareable(labels[runEnd..next]))
                {
                    break;
                }

                runEnd = next;
                messages++;
            }

            var run = labels[i..runEnd];
            var shared = messages == 1 ? FixedIndex(run) : -1;
            if (shared < 0 && run.Length <= MaxRunBytes)
            {
                shared = _index.Find(run);
                if (shared < 0 && _count < MaxShared)
                {
                    shared = AddShared(run);
                }
            }

            if (shared >= 0)
            {
                AppendReference(shared, dest, ref w);
                literal = -1;
            }
            else
            {
                // No room for more shared runs, or a long one: target labels one by one, metric names literal.
                for (var m = i; m < runEnd;)
                {
                    var e = MessageEnd(labels, m);
                    var f = FixedIndex(labels[m..e]);
                    if (f >= 0)
                    {
                        AppendReference(f, dest, ref w);
                        literal = -1;
                    }
                    else
                    {
                        AppendLiteral(labels[m..e], dest, ref w, ref literal);
                    }

                    m = e;
                }
            }

            i = runEnd;
        }

        return w;
    }

    /// <summary>Length of the wire form of compact labels; <paramref name="items"/> is where the items start.</summary>
    public static int ExpandedLength(ReadOnlySpan<byte> compact, out int items)
    {
        items = 0;
        return (int)WireReader.ReadVarint(compact, ref items);
    }

    /// <summary>Writes the wire form of compact labels (whose items start at <paramref name="items"/>) into <paramref name="dest"/>.</summary>
    public void Expand(ReadOnlySpan<byte> compact, int items, Span<byte> dest)
    {
        // The hot loop of writing a scrape out (about three copies a series) with one range check an item instead of
        // the spans' several: every copy stays inside dest and compact, and shared runs are numbered below _count.
        if (dest.Length != ExpandedLength(compact, out var start) || items != start)
        {
            throw new ArgumentException("the destination is not the labels' wire length", nameof(dest));
        }

        ref var src = ref MemoryMarshal.GetReference(compact);
        ref var dst = ref MemoryMarshal.GetReference(dest);
        ref var shared = ref MemoryMarshal.GetArrayDataReference(_bytes);
        ref var starts = ref MemoryMarshal.GetArrayDataReference(_starts);
        ref var lengths = ref MemoryMarshal.GetArrayDataReference(_lengths);
        var n = compact.Length;
        var w = 0;
        var i = items;
        while (i < n)
        {
            int h = Unsafe.Add(ref src, i);
            if (h < 0x80)
            {
                if (h > n - i - 1 || h > dest.Length - w)
                {
                    throw new InvalidDataException("compact labels overrun");
                }

                Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref dst, w), ref Unsafe.Add(ref src, i + 1), (uint)h);
                w += h;
                i += 1 + h;
                continue;
            }

            int k;
            if (h < 0xC0)
            {
                k = h & 0x3F;
                i++;
            }
            else
            {
                k = 64 + ((h & 0x3F) << 8) + compact[i + 1];
                i += 2;
            }

            var length = k < _count ? Unsafe.Add(ref lengths, k) : int.MaxValue;
            if (length > dest.Length - w)
            {
                throw new InvalidDataException("compact labels overrun");
            }

            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref dst, w), ref Unsafe.Add(ref shared, Unsafe.Add(ref starts, k)), (uint)length);
            w += length;
        }
    }

    /// <summary>Metric names, <c>le</c> and <c>quantile</c> labels, and the target's own labels.</summary>
    private bool IsShareable(ReadOnlySpan<byte> message)
    {
        var body = 1; // past the tag, then past the length
        WireReader.ReadVarint(message, ref body);
        var b = message[body..];
        return b.StartsWith(s_nameBody) || b.StartsWith(s_leBody) || b.StartsWith(s_quantileBody) || FixedIndex(message) >= 0 || IsFewValued(b);
    }

    /// <summary>
    /// Whether the label (a <c>Label</c> message body) has a name seen with at most <see cref="MaxValuesShared"/>
    /// values so far; counts its value. A name seen with more stays literal from then on.
    /// </summary>
    private bool IsFewValued(ReadOnlySpan<byte> body)
    {
        if (body.Length < 4 || body[0] != 0x0A || body[1] >= 0x80 || body.Length < 3 + body[1] || body[2 + body[1]] != 0x12)
        {
            return false; // long names are not tracked
        }

        var nameHash = ScrapeSeriesCache.Hash(body.Slice(2, body[1]));
        if (!_valuesByName.TryGetValue(nameHash, out var values))
        {
            if (_valuesByName.Count >= MaxNamesTracked)
            {
                return false;
            }

            values = [];
            _valuesByName[nameHash] = values;
        }

        if (values is null)
        {
            return false;
        }

        values.Add(ScrapeSeriesCache.Hash(body[(3 + body[1])..]));
        if (values.Count > MaxValuesShared)
        {
            _valuesByName[nameHash] = null;
            return false;
        }

        return true;
    }

    /// <summary>The end of the label message at <paramref name="start"/> (tag 1, length, body), or <paramref name="start"/> when malformed.</summary>
    private static int MessageEnd(ReadOnlySpan<byte> labels, int start)
    {
        if (labels[start] != 0x0A)
        {
            return start;
        }

        var i = start + 1;
        return WireReader.TryReadVarint(labels, ref i, out var length) == OperationStatus.Done && length <= (ulong)(labels.Length - i)
            ? i + (int)length
            : start;
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

    private static void AppendReference(int shared, byte[] dest, ref int w)
    {
        if (shared < 64)
        {
            dest[w++] = (byte)(0x80 | shared);
        }
        else
        {
            dest[w++] = (byte)(0xC0 | ((shared - 64) >> 8));
            dest[w++] = (byte)(shared - 64);
        }
    }

    private ReadOnlySpan<byte> Run(int index) => _bytes.AsSpan(_starts[index], _lengths[index]);

    private int FixedIndex(ReadOnlySpan<byte> message)
    {
        // Target and external labels: few, compared directly.
        for (var k = 0; k < _fixedCount; k++)
        {
            if (Run(k).SequenceEqual(message))
            {
                return k;
            }
        }

        return -1;
    }

    private int AddShared(ReadOnlySpan<byte> run)
    {
        if (_used + run.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + run.Length));
        }

        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _count * 2);
            Array.Resize(ref _lengths, _count * 2);
        }

        run.CopyTo(_bytes.AsSpan(_used));
        _starts[_count] = _used;
        _lengths[_count] = run.Length;
        _used += run.Length;
        _index.Add(_count);
        return _count++;
    }
}
