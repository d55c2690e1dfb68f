using System.Buffers;
using CsCheck;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;
using Google.Protobuf;
using Snappier;
using Prompb = DualHub.Metrics.RemoteWrite.Generated;

namespace DualHub.Metrics.Tests.RemoteWrite;

public class RemoteWriteCodecTests
{
    private static readonly Gen<string> s_text = Gen.Frequency(
        (5, Gen.String[Gen.Char["abcxyz_019:/ é€"], 0, 10]),
        (1, Gen.OneOfConst("", "__name__", "😀")));

    private static readonly Gen<double> s_value = Gen.Frequency(
        (4, Gen.Double),
        (1, Gen.ULong.Select(static bits => BitConverter.UInt64BitsToDouble(bits | 0x7FF0000000000001UL))),
        (1, Gen.OneOfConst(0.0, -0.0, StaleMarker.Value, double.NaN, double.PositiveInfinity)));

    private static readonly Gen<WriteRequest> s_request =
        Gen.Select(
            Gen.Select(s_text, s_text).Select(static (n, v) => new Label(n, v)).Array[0, 5],
            Gen.Select(s_value, Gen.Long).Select(static (v, t) => new Sample(v, t)).Array[0, 5])
        .Select(static (labels, samples) => new TimeSeries { Labels = labels, Samples = samples })
        .List[0, 6]
        .Select(static series =>
        {
            var request = new WriteRequest();
            request.Series.AddRange(series);
            return request;
        });

    [Fact]
    public void Encode_then_decode_keeps_every_label_and_the_exact_bits_of_every_value()
    {
        s_request.Sample(request =>
        {
            var compressed = new ArrayBufferWriter<byte>();
            RemoteWriteCodec.EncodeCompressed(request, compressed);
            AssertSame(request, RemoteWriteCodec.DecodeCompressed(compressed.WrittenSpan));

            var plain = new ArrayBufferWriter<byte>();
            RemoteWriteCodec.Encode(request, plain);
            Assert.Equal(RemoteWriteCodec.CalculateSize(request), plain.WrittenCount);
            AssertSame(request, RemoteWriteCodec.Decode(plain.WrittenSpan));
        }, iter: 500);
    }

    [Fact]
    public void Stale_marker_survives_compressed_round_trip_bit_exact()
    {
        var request = new WriteRequest();
        request.Series.Add(new TimeSeries { Labels = [new("__name__", "up"), new("job", "j")], Samples = [new(StaleMarker.Value, 1700000000000), new(double.NaN, 1700000000001)] });
        var body = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.EncodeCompressed(request, body);

        var back = RemoteWriteCodec.DecodeCompressed(body.WrittenSpan).Series[0].Samples;

        Assert.Equal(0x7ff0000000000002UL, BitConverter.DoubleToUInt64Bits(back[0].Value));
        Assert.True(StaleMarker.Is(back[0].Value));
        Assert.False(StaleMarker.Is(back[1].Value));
        Assert.Equal(1700000000000, back[0].TimestampMs);
    }

    [Fact]
    public void Bytes_agree_with_protobuf_generated_code_both_ways()
    {
        s_request.Sample(request =>
        {
            var mine = new ArrayBufferWriter<byte>();
            RemoteWriteCodec.Encode(request, mine);
            var reference = ToReference(request);

            // Generated code omits -0.0 as a default value; everything else must be byte-identical.
            if (!request.Series.Any(s => s.Samples.Any(x => BitConverter.DoubleToUInt64Bits(x.Value) == 0x8000000000000000UL)))
            {
                Assert.Equal(reference.ToByteArray(), mine.WrittenSpan.ToArray());
            }

            Assert.Equal(reference, Prompb.WriteRequest.Parser.ParseFrom(mine.WrittenSpan));
            AssertSame(request, RemoteWriteCodec.Decode(reference.ToByteArray()), ignoreNegativeZero: true);
        }, iter: 300);
    }

    [Fact]
    public void Metadata_and_unknown_fields_are_skipped()
    {
        var reference = new Prompb.WriteRequest();
        reference.Metadata.Add(new Prompb.MetricMetadata { Type = 1, MetricFamilyName = "up", Help = "h" });
        reference.Timeseries.Add(new Prompb.TimeSeries { Labels = { new Prompb.Label { Name = "__name__", Value = "up" } }, Samples = { new Prompb.Sample { Value = 1, Timestamp = 5 } } });
        var decoded = RemoteWriteCodec.Decode(reference.ToByteArray());
        Assert.Single(decoded.Series);
        Assert.Equal(new Sample(1, 5), decoded.Series[0].Samples[0]);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A })]
    [InlineData(new byte[] { 0x0A, 0x05, 0x0A })]
    [InlineData(new byte[] { 0x0A, 0x03, 0x12, 0x01, 0x09 })]
    [InlineData(new byte[] { 0x0A, 0x04, 0x12, 0x02, 0x09, 0x00 })]
    [InlineData(new byte[] { 0x0B })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x0A, 0x04, 0x0A, 0x02, 0x0A, 0x80 })]
    [InlineData(new byte[] { 0x0A, 0x05, 0x0A, 0x03, 0x0A, 0x01, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(new byte[] { 0x0D, 0x01, 0x02 })]
    public void Malformed_protobuf_is_a_parse_error(byte[] bytes)
    {
        Assert.Throws<MetricsParseException>(() => RemoteWriteCodec.Decode(bytes));
    }

    [Fact]
    public void Bad_snappy_and_oversized_bodies_are_parse_errors()
    {
        Assert.Throws<MetricsParseException>(() => RemoteWriteCodec.DecodeCompressed([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
        Assert.Throws<MetricsParseException>(() => RemoteWriteCodec.DecodeCompressed([0x0A, 0x00, 0x01]));
        var big = new byte[1000];
        var compressed = Snappy.CompressToArray(big);
        var ex = Assert.Throws<MetricsParseException>(() => RemoteWriteCodec.DecodeCompressed(compressed, maxDecompressedBytes: 999));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_corruption_never_escapes_as_another_exception()
    {
        var request = new WriteRequest();
        request.Series.Add(new TimeSeries { Labels = [new("__name__", "up"), new("instance", "a:1")], Samples = [new(1, 2), new(StaleMarker.Value, 3)] });
        var compressed = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.EncodeCompressed(request, compressed);
        var plain = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.Encode(request, plain);
        byte[][] inputs = [compressed.WrittenSpan.ToArray(), plain.WrittenSpan.ToArray()];
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 1000], Gen.Byte, Gen.Bool).Sample((which, position, value, truncate) =>
        {
            var bytes = (byte[])inputs[which].Clone();
            var p = position % bytes.Length;
            bytes[p] = value;
            var input = truncate ? bytes.AsSpan(0, p).ToArray() : bytes;
            try
            {
                RemoteWriteCodec.DecodeCompressed(input);
            }
            catch (MetricsParseException)
            {
            }

            try
            {
                RemoteWriteCodec.Decode(input);
            }
            catch (MetricsParseException)
            {
            }
        }, iter: 3000);
    }

    private static Prompb.WriteRequest ToReference(WriteRequest request)
    {
        var reference = new Prompb.WriteRequest();
        foreach (var series in request.Series)
        {
            var ts = new Prompb.TimeSeries();
            ts.Labels.AddRange(series.Labels.Select(l => new Prompb.Label { Name = l.Name, Value = l.Value }));
            ts.Samples.AddRange(series.Samples.Select(s => new Prompb.Sample { Value = s.Value, Timestamp = s.TimestampMs }));
            reference.Timeseries.Add(ts);
        }

        return reference;
    }

    private static void AssertSame(WriteRequest expected, WriteRequest actual, bool ignoreNegativeZero = false)
    {
        Assert.Equal(expected.Series.Count, actual.Series.Count);
        for (var i = 0; i < expected.Series.Count; i++)
        {
            Assert.Equal(expected.Series[i].Labels, actual.Series[i].Labels);
            Assert.Equal(
                expected.Series[i].Samples.Select(s => (Bits(s.Value, ignoreNegativeZero), s.TimestampMs)),
                actual.Series[i].Samples.Select(s => (Bits(s.Value, ignoreNegativeZero), s.TimestampMs)));
        }
    }

    private static ulong Bits(double value, bool ignoreNegativeZero) =>
        ignoreNegativeZero && value == 0 ? 0 : BitConverter.DoubleToUInt64Bits(value);
}
