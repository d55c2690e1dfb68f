using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.SampleJournal;

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
        var labelsSize = RemoteWriteWire.LabelSize(NameLabelBytes, nameSize);
        for (var i = 0; i < labels.Length; i++)
        {
            var n = Encoding.UTF8.GetByteCount(labels[i].Name);
            var v = Encoding.UTF8.GetByteCount(labels[i].Value);
            sizes[(i * 2) + 2] = n;
            sizes[(i * 2) + 3] = v;
            labelsSize += RemoteWriteWire.LabelSize(n, v);
        }

        var sampleBody = 1 + 8 + 1 + WireWriter.VarintSize((ulong)timestampMs);
        var seriesBody = labelsSize + WireWriter.LengthDelimitedSize(sampleBody);
        Ensure(WireWriter.LengthDelimitedSize(seriesBody));

        var writer = new WireWriter(_buffer.AsSpan(_length));
        writer.WriteTag(RemoteWriteWire.TimeSeriesField, WireType.LengthDelimited);
        writer.WriteVarint((uint)seriesBody);
        _lastLabelsStart = _length + writer.Written;
        _lastLabelsLength = labelsSize;
        var nameWritten = false;
        for (var i = 0; i < labels.Length; i++)
        {
            var l = labels[i];
            if (!nameWritten && string.CompareOrdinal(NameLabel, l.Name) < 0)
            {
                RemoteWriteWire.WriteLabel(ref writer, NameLabel, NameLabelBytes, name, nameSize);
                nameWritten = true;
            }

            RemoteWriteWire.WriteLabel(ref writer, l.Name, sizes[(i * 2) + 2], l.Value, sizes[(i * 2) + 3]);
        }

        if (!nameWritten)
        {
            RemoteWriteWire.WriteLabel(ref writer, NameLabel, NameLabelBytes, name, nameSize);
        }

        writer.WriteTag(RemoteWriteWire.SampleField, WireType.LengthDelimited);
        writer.WriteVarint((uint)sampleBody);
        writer.WriteTag(RemoteWriteWire.SampleValueField, WireType.Fixed64);
        writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
        writer.WriteTag(RemoteWriteWire.SampleTimestampField, WireType.Varint);
        writer.WriteVarint((ulong)timestampMs);
        _length += writer.Written;
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
        Ensure(WireWriter.LengthDelimitedSize(seriesBody) + 8);
        var writer = new WireWriter(_buffer.AsSpan(_length));
        writer.WriteTag(RemoteWriteWire.TimeSeriesField, WireType.LengthDelimited);
        writer.WriteVarint((uint)seriesBody);
        var labels = writer.Reserve(labelsLength);
        writer.WriteTag(RemoteWriteWire.SampleField, WireType.LengthDelimited);
        writer.WriteVarint((uint)sampleBody);
        writer.WriteTag(RemoteWriteWire.SampleValueField, WireType.Fixed64);
        writer.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
        writer.WriteTag(RemoteWriteWire.SampleTimestampField, WireType.Varint);
        if (_varintTimestampSize <= 8)
        {
            // All of a scrape's samples share the timestamp: its varint is copied as one word (8 spare bytes ensured).
            var at = writer.Written;
            writer.WriteFixed64(_varintTimestampBytes);
            _length += at + _varintTimestampSize;
        }
        else
        {
            writer.WriteVarint((ulong)timestampMs);
            _length += writer.Written;
        }

        SampleCount++;
        return labels;
    }

    /// <summary>Adds a series already in wire form (a <c>TimeSeries</c> message body) with its sample count.</summary>
    public void AddEncodedSeries(ReadOnlySpan<byte> timeSeriesBody, int samples)
    {
        Ensure(WireWriter.LengthDelimitedSize(timeSeriesBody.Length));
        var writer = new WireWriter(_buffer.AsSpan(_length));
        writer.WriteLengthDelimited(RemoteWriteWire.TimeSeriesField, timeSeriesBody);
        _length += writer.Written;
        SampleCount += samples;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void CacheTimestamp(long timestampMs)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        _varintTimestampSize = WireWriter.WriteVarint(bytes, (ulong)timestampMs);
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
