using System.Buffers;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Metrics.Tests.RemoteWrite;

/// <summary>
/// The two cuts of a journaled WriteRequest (remote-write requests and NATS messages) agree on what is an entry: an
/// unknown scalar field, which the receiver accepts and journals, is carried along, and a truncated entry is refused.
/// </summary>
public class RemoteWriteEntriesTests
{
    [Fact]
    public void An_unknown_scalar_field_between_series_is_an_entry_without_samples()
    {
        var first = Encode(Series("a", 1, 2));
        var second = Encode(Series("b", 3));
        byte[] varintField = [0x18, 0x96, 0x01]; // field 3, varint 150
        byte[] fixed64Field = [0x21, 1, 2, 3, 4, 5, 6, 7, 8]; // field 4, fixed64
        byte[] body = [.. first, .. varintField, .. fixed64Field, .. second];

        Assert.Equal((body.Length, 4, 3, 0), RemoteWriteEntries.Measure(body, int.MaxValue, int.MaxValue));
        Assert.Equal((first.Length + varintField.Length + fixed64Field.Length, 3, 2, 0), RemoteWriteEntries.Measure(body, 2, int.MaxValue));

        var chunks = new List<(int Start, int End, int NextEntry, int Samples)>();
        RemoteWriteEntries.Split(body, int.MaxValue, chunks);
        var (start, end, _, samples) = Assert.Single(chunks);
        Assert.Equal((0, body.Length, 3), (start, end, samples));
        var decoded = RemoteWriteCodec.Decode(body.AsSpan(start, end - start));
        Assert.Equal(["a", "b"], decoded.Series.Select(s => s.Labels[0].Value));
    }

    [Fact]
    public void A_scalar_field_cut_by_the_end_of_the_data_asks_for_more()
    {
        var first = Encode(Series("a", 1));
        byte[] body = [.. first, 0x18, 0x96]; // the varint's last byte is missing

        var (length, entries, _, needed) = RemoteWriteEntries.Measure(body, int.MaxValue, int.MaxValue);

        Assert.Equal((first.Length, 1), (length, entries));
        Assert.True(needed > body.Length - first.Length);
    }

    [Fact]
    public void A_truncated_series_is_refused_by_both_cuts()
    {
        byte[] body = [0x0A, 0x05, 0x01]; // a series of 5 bytes with 1 present

        var (length, entries, _, needed) = RemoteWriteEntries.Measure(body, int.MaxValue, int.MaxValue);
        Assert.Equal((0, 0, 7), (length, entries, needed));
        Assert.ThrowsAny<FormatException>(() => RemoteWriteEntries.Split(body, int.MaxValue, []));
    }

    private static TimeSeries Series(string name, params double[] values) => new()
    {
        Labels = [new Label("__name__", name)],
        Samples = [.. values.Select((v, i) => new Sample(v, 1000 + i))],
    };

    private static byte[] Encode(TimeSeries series)
    {
        var request = new WriteRequest();
        request.Series.Add(series);
        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.Encode(request, buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
