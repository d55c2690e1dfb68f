using System.Buffers;
using CsCheck;
using DualHub.Metrics.Model;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Tests.Support;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

public class RoundTripTests
{
    private static readonly MetricType[] s_classicTypes = [MetricType.Counter, MetricType.Gauge, MetricType.Untyped, MetricType.Summary, MetricType.Histogram];

    [Fact]
    public void Text004_write_then_parse_gives_the_same_families()
    {
        ModelGen.Families(s_classicTypes, withCreated: false).Sample(
            families =>
            {
                // The Go parser skips blanks before the HELP text, so leading blanks cannot survive text 0.0.4.
                foreach (var f in families)
                {
                    f.Help = f.Help.TrimStart(' ', '\t');
                }

                RoundTrip(families, TextWriter004.Write, s => TextParser.Parse(s));
            },
            iter: 300);
    }

    [Fact]
    public void OpenMetrics_write_then_parse_gives_the_same_families()
    {
        MetricType[] types = [.. s_classicTypes, MetricType.GaugeHistogram, MetricType.Info, MetricType.StateSet];
        ModelGen.Families(types, withCreated: true).Sample(
            families => RoundTrip(families, OpenMetricsWriter.Write, s => OpenMetricsParser.Parse(s)),
            iter: 300);
    }

    [Fact]
    public void Protobuf_write_then_parse_gives_the_same_families()
    {
        MetricType[] types = [.. s_classicTypes, MetricType.GaugeHistogram];
        ModelGen.Families(types, withCreated: true).Sample(
            families => RoundTrip(families, ProtobufWriter.WriteDelimited, s => ProtobufParser.ParseDelimited(s)),
            iter: 300);
    }

    private static void RoundTrip(
        List<MetricFamily> families,
        Action<IBufferWriter<byte>, IEnumerable<MetricFamily>> write,
        Func<byte[], List<MetricFamily>> parse)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer, families);
        var parsed = parse(buffer.WrittenSpan.ToArray());
        var expected = families.Where(f => f.Metrics.Count > 0);
        Assert.Equal(ModelDump.Dump(expected), ModelDump.Dump(parsed));
    }
}
