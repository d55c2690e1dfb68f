using System.Buffers;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

/// <summary>
/// The fixtures are <c>GET /metrics</c> answers (text, and protobuf by Accept) of prometheus-pushgateway
/// 1.5.1 after a push of gauges, a summary, a histogram and escaped label values, and of Prometheus 2.42
/// itself (154 families). Parsing them and writing them back must give the same bytes: the writers match
/// Go expfmt byte for byte.
/// </summary>
public class GoExpositionFixtureTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Theory]
    [InlineData("pushgateway-1.5.1-metrics.txt", 44)]
    [InlineData("prometheus-2.42-metrics.txt", 154)]
    public void Text_exposition_round_trips_byte_for_byte(string fixture, int familyCount)
    {
        var input = Fixture(fixture);
        var families = TextParser.Parse(input);
        Assert.Equal(familyCount, families.Count);
        var output = new ArrayBufferWriter<byte>();
        TextWriter004.Write(output, families);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(input), System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [InlineData("pushgateway-1.5.1-metrics.pb")]
    [InlineData("prometheus-2.42-metrics.pb")]
    public void Protobuf_exposition_round_trips_byte_for_byte(string fixture)
    {
        var input = Fixture(fixture);
        var families = ProtobufParser.ParseDelimited(input);
        var output = new ArrayBufferWriter<byte>();
        ProtobufWriter.WriteDelimited(output, families);
        Assert.Equal(input, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Text_and_protobuf_expositions_describe_the_same_pushed_families()
    {
        var fromText = TextParser.Parse(Fixture("pushgateway-1.5.1-metrics.txt"));
        var fromProtobuf = ProtobufParser.ParseDelimited(Fixture("pushgateway-1.5.1-metrics.pb"));
        string[] pushed = ["a", "c_total", "h", "s"];

        // The protobuf form has no explicit +Inf bucket; written as text both must be identical.
        Assert.Equal(AsText(fromText.Where(f => pushed.Contains(f.Name))), AsText(fromProtobuf.Where(f => pushed.Contains(f.Name))));
    }

    private static string AsText(IEnumerable<DualHub.Metrics.Model.MetricFamily> families)
    {
        var output = new ArrayBufferWriter<byte>();
        TextWriter004.Write(output, families);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
