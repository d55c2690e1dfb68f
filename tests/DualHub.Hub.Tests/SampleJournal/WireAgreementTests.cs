using System.Buffers;
using System.Globalization;
using System.Text;
using CsCheck;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Tests.SampleJournal;

/// <summary>
/// The journal's batch builder, the span-level reader and the object codec agree: what the builder writes (through each
/// of its three ways in) decodes to the same series through <see cref="RemoteWriteCodec"/> and through
/// <see cref="TimeSeriesEntryReader"/>/<see cref="TimeSeriesView"/>, and what the codec encodes reads the same in place.
/// </summary>
public class WireAgreementTests
{
    private enum Way
    {
        Add,
        EncodedLabels,
        EncodedSeries,
    }

    private static readonly Gen<string> s_text = Gen.Frequency(
        (6, Gen.String[Gen.Char["abz_09:/ é€\u00ff"], 0, 10]),
        (1, Gen.OneOfConst(string.Empty, "__name__", "😀", "le", new string('v', 300))));

    private static readonly Gen<double> s_value = Gen.Frequency(
        (4, Gen.Double),
        (1, Gen.ULong.Select(static bits => BitConverter.UInt64BitsToDouble(bits | 0x7FF0000000000001UL))),
        (1, Gen.OneOfConst(0.0, -0.0, StaleMarker.Value, double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    private static readonly Gen<long> s_timestamp = Gen.Frequency(
        (3, Gen.Long),
        (2, Gen.OneOfConst(1_700_000_000_000L, 0L, -1L, long.MinValue, long.MaxValue)));

    /// <summary>A series as the builder is given it: its name, other labels (any order, maybe repeated), samples and the way in.</summary>
    private static readonly Gen<Spec> s_spec = Gen.Select(
        s_text,
        Gen.Select(s_text, s_text, static (n, v) => new Label(n, v)).Array[0, 5],
        Gen.Select(s_value, s_timestamp, static (v, t) => new Sample(v, t)).Array[0, 4],
        Gen.Int[0, 2],
        static (name, labels, samples, way) => new Spec(name, labels, samples, (Way)way));

    [Fact]
    public void Builder_reader_and_codec_agree()
    {
        s_spec.List[0, 40].Sample(specs =>
        {
            using var builder = new SampleBatchBuilder(64);
            var expected = new List<TimeSeries>();
            foreach (var spec in specs)
            {
                Build(builder, spec, expected);
            }

            var written = builder.Written.Span;
            var want = Lines(expected);
            var total = expected.Sum(static s => s.Samples.Length);
            Assert.Equal(total, builder.SampleCount);
            Assert.Equal(want, Lines(RemoteWriteCodec.Decode(written).Series));
            Assert.Equal(want, ReadInPlace(written));

            var request = new WriteRequest();
            request.Series.AddRange(expected);
            var encoded = new ArrayBufferWriter<byte>();
            RemoteWriteCodec.Encode(request, encoded);
            Assert.Equal(want, ReadInPlace(encoded.WrittenSpan));

            Assert.Equal((written.Length, expected.Count, total, 0), RemoteWriteEntries.Measure(written, int.MaxValue, int.MaxValue));
            var chunks = new List<(int Start, int End, int NextEntry, int Samples)>();
            RemoteWriteEntries.Split(written, 512, chunks);
            Assert.Equal(total, chunks.Sum(static c => c.Samples));
            Assert.Equal(expected.Count, chunks.Count == 0 ? 0 : chunks[^1].NextEntry);
        }, iter: 300);
    }

    /// <summary>Adds a spec to the builder the way it names, and the series that must come out of it to <paramref name="expected"/>.</summary>
    private static void Build(SampleBatchBuilder builder, Spec spec, List<TimeSeries> expected)
    {
        // The builder takes labels sorted by name, unique and without __name__, which it puts in its ordinal place.
        var others = spec.Labels.Where(static l => l.Name != "__name__").DistinctBy(static l => l.Name).OrderBy(static l => l.Name, StringComparer.Ordinal).ToArray();
        Label[] all = [.. others.Append(new Label("__name__", spec.Name)).OrderBy(static l => l.Name, StringComparer.Ordinal)];
        if (spec.Way == Way.EncodedSeries)
        {
            var one = new WriteRequest();
            one.Series.Add(new TimeSeries { Labels = all, Samples = spec.Samples });
            var encoded = new ArrayBufferWriter<byte>();
            RemoteWriteCodec.Encode(one, encoded);
            var reader = new WireReader(encoded.WrittenSpan);
            reader.ReadTag();
            builder.AddEncodedSeries(reader.ReadLengthDelimited(), spec.Samples.Length);
            expected.Add(new TimeSeries { Labels = all, Samples = spec.Samples });
            return;
        }

        byte[]? labels = null;
        foreach (var sample in spec.Samples)
        {
            if (labels is null || spec.Way == Way.Add)
            {
                builder.Add(spec.Name, others, sample.TimestampMs, sample.Value);
                labels = builder.LastLabels.ToArray();
                Assert.Equal(all.SelectMany(static l => RemoteWriteWire.EncodeLabel(l.Name, l.Value)), labels);
            }
            else
            {
                builder.AddEncodedLabels(labels, sample.TimestampMs, sample.Value);
            }

            expected.Add(new TimeSeries { Labels = all, Samples = [sample] });
        }
    }

    private static List<string> ReadInPlace(ReadOnlySpan<byte> writeRequest)
    {
        var lines = new List<string>();
        var entries = new TimeSeriesEntryReader(writeRequest);
        while (entries.TryRead(out var range, out var body))
        {
            Assert.Equal(body.Length, writeRequest[range].Length - WireWriter.VarintSize((uint)body.Length) - 1);
            var labels = new List<Label>();
            var samples = new List<Sample>();
            var view = new TimeSeriesView(body);
            var labelEnumerator = view.Labels;
            while (labelEnumerator.TryNext(out var name, out var value))
            {
                labels.Add(new Label(Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(value)));
            }

            var sampleEnumerator = view.Samples;
            while (sampleEnumerator.TryNext(out var timestampMs, out var v))
            {
                samples.Add(new Sample(v, timestampMs));
            }

            Assert.Equal(samples.Count, TimeSeriesEntryReader.CountSamples(body));
            lines.Add(Line(labels, samples));
        }

        return lines;
    }

    private static List<string> Lines(IEnumerable<TimeSeries> series) => [.. series.Select(static s => Line(s.Labels, s.Samples))];

    /// <summary>A series as text: labels, then each sample's timestamp and exact value bits.</summary>
    private static string Line(IEnumerable<Label> labels, IEnumerable<Sample> samples) =>
        string.Join('\u0001', labels.Select(static l => l.Name + "\u0002" + l.Value)) + " " +
        string.Join(',', samples.Select(static s => s.TimestampMs.ToString(CultureInfo.InvariantCulture) + ":" + BitConverter.DoubleToUInt64Bits(s.Value).ToString("X16", CultureInfo.InvariantCulture)));

    private sealed record Spec(string Name, Label[] Labels, Sample[] Samples, Way Way);
}
