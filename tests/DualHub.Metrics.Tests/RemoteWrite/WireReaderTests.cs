using System.Buffers;
using CsCheck;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.RemoteWrite;

/// <summary>
/// The wire primitives: varints over the whole ulong range, fields written and read back, and truncated or random input
/// always rejected with a <see cref="FormatException"/> (never an out-of-range exception or a hang).
/// </summary>
public class WireReaderTests
{
    private static readonly Gen<ulong> s_varint = Gen.Frequency(
        (4, Gen.ULong),
        (2, Gen.Int[0, 63].SelectMany(static bits => Gen.ULong[0, bits == 63 ? ulong.MaxValue : (2UL << bits) - 1])),
        (1, Gen.OneOfConst(0UL, 1UL, 127UL, 128UL, 16_383UL, 16_384UL, (1UL << 63) - 1, 1UL << 63, ulong.MaxValue)));

    private static readonly Gen<string> s_string = Gen.Frequency(
        (4, Gen.String[Gen.Char["abz_09:é€\u00ff"], 0, 12]),
        (1, Gen.OneOfConst(string.Empty, "__name__", "😀", new string('x', 200))));

    /// <summary>The series of a request (1 to 8), labels and samples of any content.</summary>
    private static readonly Gen<List<TimeSeries>> s_series =
        Gen.Select(
            Gen.Select(s_string, s_string, static (n, v) => new Label(n, v)).Array[0, 4],
            Gen.Select(Gen.Double, Gen.Long, static (v, t) => new Sample(v, t)).Array[0, 4],
            static (labels, samples) => new TimeSeries { Labels = labels, Samples = samples })
        .List[1, 8];

    [Fact]
    public void Varints_round_trip_over_the_whole_ulong_range()
    {
        s_varint.Sample(value =>
        {
            Span<byte> bytes = stackalloc byte[10];
            var length = WireWriter.WriteVarint(bytes, value);
            Assert.Equal(WireWriter.VarintSize(value), length);

            var pos = 0;
            Assert.Equal(OperationStatus.Done, WireReader.TryReadVarint(bytes[..length], ref pos, out var back));
            Assert.Equal(value, back);
            Assert.Equal(length, pos);
            var reader = new WireReader(bytes[..length]);
            Assert.Equal(value, reader.ReadVarint());
            Assert.False(reader.More);

            for (var cut = 0; cut < length; cut++)
            {
                var p = 0;
                Assert.Equal(OperationStatus.NeedMoreData, WireReader.TryReadVarint(bytes[..cut], ref p, out _));
                Assert.Equal(0, p);
                var prefix = bytes[..cut].ToArray();
                Assert.Throws<MetricsParseException>(() => new WireReader(prefix).ReadVarint());
            }
        }, iter: 20_000);
    }

    [Fact]
    public void A_varint_longer_than_ten_bytes_is_invalid()
    {
        byte[] bytes = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        var pos = 0;
        Assert.Equal(OperationStatus.InvalidData, WireReader.TryReadVarint(bytes, ref pos, out _));
        var ex = Assert.Throws<MetricsParseException>(() => new WireReader(bytes).ReadVarint());
        Assert.Contains("longer than 10 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_written_are_read_back()
    {
        Gen.Select(Gen.Int[1, 1 << 20], s_varint, Gen.ULong, Gen.Byte.Array[0, 300]).Sample((field, varint, fixed64, payload) =>
        {
            var buffer = new byte[64 + payload.Length];
            var writer = new WireWriter(buffer);
            writer.WriteTag(field, WireType.Varint);
            writer.WriteVarint(varint);
            writer.WriteTag(field, WireType.Fixed64);
            writer.WriteFixed64(fixed64);
            var payloadField = writer.Written;
            writer.WriteLengthDelimited(field, payload);

            var reader = new WireReader(buffer.AsSpan(0, writer.Written));
            Assert.Equal((field, WireType.Varint), reader.ReadTag());
            Assert.Equal(varint, reader.ReadVarint());
            Assert.Equal((field, WireType.Fixed64), reader.ReadTag());
            Assert.Equal(fixed64, reader.ReadFixed64());
            Assert.True(reader.TryReadLengthDelimited(out var f, out var start, out var read));
            Assert.Equal(field, f);
            Assert.Equal(payload, read.ToArray());
            Assert.Equal(payloadField, start);
            Assert.False(reader.More);
        });
    }

    [Fact]
    public void Truncated_requests_are_rejected_with_a_format_exception_by_every_reader()
    {
        s_series.Sample(series =>
        {
            var request = new WriteRequest();
            request.Series.AddRange(series);
            var buffer = new ArrayBufferWriter<byte>();
            RemoteWriteCodec.Encode(request, buffer);
            var full = buffer.WrittenSpan.ToArray();
            var boundaries = new HashSet<int> { 0 };
            var entries = new TimeSeriesEntryReader(full);
            while (entries.TryNext(out var range, out _))
            {
                boundaries.Add(range.End.Value);
            }

            for (var cut = 0; cut < full.Length; cut++)
            {
                var prefix = full.AsSpan(0, cut).ToArray();
                if (boundaries.Contains(cut))
                {
                    Assert.Equal(boundaries.Count(b => b > 0 && b <= cut), RemoteWriteCodec.Decode(prefix).Series.Count);
                    continue;
                }

                Assert.Throws<MetricsParseException>(() => RemoteWriteCodec.Decode(prefix));
                Assert.Throws<MetricsParseException>(() => Walk(prefix));
                AssertInvalid(prefix);
                Assert.Throws<MetricsParseException>(() => RemoteWriteEntries.Split(prefix, 100, []));
            }
        }, iter: 200);
    }

    [Fact]
    public void Random_bytes_only_ever_fail_as_format_errors()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            AssertParsesOrFormatError(() => RemoteWriteCodec.Decode(bytes));
            AssertParsesOrFormatError(() => Walk(bytes));
            AssertParsesOrFormatError(() => RemoteWriteWireValidation.Validate(bytes, out _));
            AssertParsesOrFormatError(() => RemoteWriteEntries.Split(bytes, 16, []));
            AssertParsesOrFormatError(() => RemoteWriteEntries.Measure(bytes, 3, int.MaxValue));
        }, iter: 20_000);
    }

    /// <summary>Every label and sample of every entry, read in place.</summary>
    private static int Walk(byte[] writeRequest)
    {
        var n = 0;
        var entries = new TimeSeriesEntryReader(writeRequest);
        while (entries.TryRead(out _, out var body))
        {
            var view = new TimeSeriesView(body);
            var labels = view.Labels;
            while (labels.TryNext(out var name, out var value))
            {
                n += name.Length + value.Length;
            }

            var samples = view.Samples;
            while (samples.TryNext(out _, out _))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Validation stops at the first invalid series: a cut after one is reported as that series' reason.</summary>
    private static void AssertInvalid(byte[] prefix)
    {
        try
        {
            Assert.NotNull(RemoteWriteWireValidation.Validate(prefix, out _));
        }
        catch (MetricsParseException)
        {
        }
    }

    private static void AssertParsesOrFormatError(Action parse)
    {
        try
        {
            parse();
        }
        catch (FormatException)
        {
        }
    }
}
