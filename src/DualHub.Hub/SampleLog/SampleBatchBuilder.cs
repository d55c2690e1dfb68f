using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using DualHub.Metrics.Model;

namespace DualHub.Hub.SampleLog;

/// <summary>
/// Builds a journal record: an uncompressed remote-write 1.0 <c>WriteRequest</c> body, one <c>TimeSeries</c>
/// per added sample, written straight into a pooled buffer (no per-sample allocation). Storing the wire form
/// lets forwarders send a record without decoding it.
/// </summary>
public sealed class SampleBatchBuilder : IDisposable
{
    private const string NameLabel = "__name__";
    private const int NameLabelBytes = 8;
    private byte[] _buffer;
    private int _length;
    private int _lastLabelsStart;
    private int _lastLabelsLength;
    private long _varintTimestamp = long.MinValue;
    private ulong _varintTimestampBytes;
    private int _varintTimestampSize = 10;

    public SampleBatchBuilder(int initialCapacity = 64 * 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public int SampleCount { get; private set; }

    /// <summary>The wire bytes of the labels of the series added last (a canonical key of its label set).</summary>
    public ReadOnlySpan<byte> LastLabels => _buffer.AsSpan(_lastLabelsStart, _lastLabelsLength);

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    public void Reset()
    {
        _length = 0;
        SampleCount = 0;
    }

    /// <summary>
    /// Adds one sample of series <paramref name="name"/>{<paramref name="labels"/>}; <paramref name="labels"/> are
    /// sorted by name (ordinal), unique, and hold no <c>__name__</c>. The value keeps its exact bits (stale NaN).
    /// </summary>
    public void Add(string name, ReadOnlySpan<Label> labels, long timestampMs, double value)
    {
        // UTF-8 sizes are computed once per label and reused for the length prefixes and the copy.
        Span<int> sizes = labels.Length <= 64 ? stackalloc int[(labels.Length * 2) + 2] : new int[(labels.Length * 2) + 2];
        var nameSize = Encoding.UTF8.GetByteCount(name);
        sizes[0] = NameLabelBytes;
        sizes[1] = nameSize;
        var labelsSize = LabelSize(NameLabelBytes, nameSize);
        for (var i = 0; i < labels.Length; i++)
        {
            var n = Encoding.UTF8.GetByteCount(labels[i].Name);
            var v = Encoding.UTF8.GetByteCount(labels[i].Value);
            sizes[(i * 2) + 2] = n;
            sizes[(i * 2) + 3] = v;
            labelsSize += LabelSize(n, v);
        }

        var sampleBody = 1 + 8 + 1 + VarintSize((ulong)timestampMs);
        var seriesBody = labelsSize + 1 + VarintSize((uint)sampleBody) + sampleBody;
        var total = 1 + VarintSize((uint)seriesBody) + seriesBody;
        Ensure(total);

        var span = _buffer.AsSpan(_length);
        var pos = 0;
        span[pos++] = 0x0A;
        pos += WriteVarint(span[pos..], (uint)seriesBody);
        _lastLabelsStart = _length + pos;
        _lastLabelsLength = labelsSize;
        var nameWritten = false;
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            if (!nameWritten && string.CompareOrdinal(NameLabel, l.Name) < 0)
            {
                pos += WriteLabel(span[pos..], NameLabel, NameLabelBytes, name, nameSize);
                nameWritten = true;
            }

            pos += WriteLabel(span[pos..], l.Name, sizes[(i * 2) + 2], l.Value, sizes[(i * 2) + 3]);
        }

        if (!nameWritten)
        {
            pos += WriteLabel(span[pos..], NameLabel, NameLabelBytes, name, nameSize);
        }

        span[pos++] = 0x12;
        pos += WriteVarint(span[pos..], (uint)sampleBody);
        span[pos++] = 0x09;
        BinaryPrimitives.WriteInt64LittleEndian(span[pos..], BitConverter.DoubleToInt64Bits(value));
        pos += 8;
        span[pos++] = 0x10;
        pos += WriteVarint(span[pos..], (ulong)timestampMs);
        _length += pos;
        SampleCount++;
    }

    /// <summary>Adds one sample of a series whose labels are given in wire form (as <see cref="LastLabels"/> returned them).</summary>
    public void AddEncodedLabels(ReadOnlySpan<byte> labels, long timestampMs, double value) =>
        labels.CopyTo(AddSample(labels.Length, timestampMs, value));

    /// <summary>
    /// Adds one sample of a series whose wire-form labels are <paramref name="labelsLength"/> bytes long; the caller
    /// writes them into the returned span before adding anything else.
    /// </summary>
    public Span<byte> AddSample(int labelsLength, long timestampMs, double value)
    {
        if (timestampMs != _varintTimestamp)
        {
            CacheTimestamp(timestampMs);
        }

        // The sample message (double, varint timestamp) is under 128 bytes: its length is one byte.
        var sampleBody = 1 + 8 + 1 + _varintTimestampSize;
        var seriesBody = labelsLength + 2 + sampleBody;
        Ensure(1 + VarintSize((uint)seriesBody) + seriesBody + 8);
        var span = _buffer.AsSpan(_length);
        var pos = 0;
        span[pos++] = 0x0A;
        pos += WriteVarint(span[pos..], (uint)seriesBody);
        var labels = span.Slice(pos, labelsLength);
        pos += labelsLength;
        span[pos++] = 0x12;
        span[pos++] = (byte)sampleBody;
        span[pos++] = 0x09;
        BinaryPrimitives.WriteInt64LittleEndian(span[pos..], BitConverter.DoubleToInt64Bits(value));
        pos += 8;
        span[pos++] = 0x10;
        if (_varintTimestampSize <= 8)
        {
            // All of a scrape's samples share the timestamp: its varint is copied as one word (8 spare bytes ensured).
            BinaryPrimitives.WriteUInt64LittleEndian(span[pos..], _varintTimestampBytes);
            pos += _varintTimestampSize;
        }
        else
        {
            pos += WriteVarint(span[pos..], (ulong)timestampMs);
        }

        _length += pos;
        SampleCount++;
        return labels;
    }

    /// <summary>Adds a series already in wire form (a <c>TimeSeries</c> message body) with its sample count.</summary>
    public void AddEncodedSeries(ReadOnlySpan<byte> timeSeriesBody, int samples)
    {
        var total = 1 + VarintSize((uint)timeSeriesBody.Length) + timeSeriesBody.Length;
        Ensure(total);
        var span = _buffer.AsSpan(_length);
        span[0] = 0x0A;
        var pos = 1 + WriteVarint(span[1..], (uint)timeSeriesBody.Length);
        timeSeriesBody.CopyTo(span[pos..]);
        _length += pos + timeSeriesBody.Length;
        SampleCount += samples;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>One label in the wire form <see cref="LastLabels"/> holds it (a <c>Label</c> message with its tag and length).</summary>
    internal static byte[] EncodeLabel(string name, string value)
    {
        var n = Encoding.UTF8.GetByteCount(name);
        var v = Encoding.UTF8.GetByteCount(value);
        var bytes = new byte[LabelSize(n, v)];
        WriteLabel(bytes, name, n, value, v);
        return bytes;
    }

    /// <summary>Bytes of <paramref name="v"/> as a varint: 7 bits a byte (no loop: this runs several times a sample).</summary>
    internal static int VarintSize(ulong v) => ((BitOperations.Log2(v | 1) * 9) + 73) >> 6;

    internal static int WriteVarint(Span<byte> dest, ulong v)
    {
        var i = 0;
        while (v >= 0x80)
        {
            dest[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        dest[i++] = (byte)v;
        return i;
    }

    private static int LabelSize(int n, int v)
    {
        var body = 1 + VarintSize((uint)n) + n + 1 + VarintSize((uint)v) + v;
        return 1 + VarintSize((uint)body) + body;
    }

    private static int WriteLabel(Span<byte> dest, string name, int n, string value, int v)
    {
        var body = 1 + VarintSize((uint)n) + n + 1 + VarintSize((uint)v) + v;
        var pos = 0;
        dest[pos++] = 0x0A;
        pos += WriteVarint(dest[pos..], (uint)body);
        dest[pos++] = 0x0A;
        pos += WriteVarint(dest[pos..], (uint)n);
        pos += Encoding.UTF8.GetBytes(name, dest[pos..]);
        dest[pos++] = 0x12;
        pos += WriteVarint(dest[pos..], (uint)v);
        pos += Encoding.UTF8.GetBytes(value, dest[pos..]);
        return pos;
    }

    private void CacheTimestamp(long timestampMs)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        _varintTimestampSize = WriteVarint(bytes, (ulong)timestampMs);
        _varintTimestampBytes = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _varintTimestamp = timestampMs;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);

        // Outgrown buffers go back to the pool only when small: large ones would stay pooled and idle.
        if (_buffer.Length <= 1 << 20)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = bigger;
    }
}
