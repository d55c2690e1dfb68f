using System.Buffers;
using DualHub.Metrics.Model;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Protobuf;

public class ProtobufParserTests
{
    private static byte[] Write(params MetricFamily[] families)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ProtobufWriter.WriteDelimited(buffer, families);
        return buffer.WrittenSpan.ToArray();
    }

    private static MetricFamily Gauge(string name, double value)
    {
        var f = new MetricFamily(name, MetricType.Gauge);
        f.Metrics.Add(new Metric { Labels = [new("b", "2"), new("a", "1")], Value = value });
        return f;
    }

    [Fact]
    public void A_repeated_family_name_replaces_the_earlier_one_in_place()
    {
        var bytes = Write(Gauge("x", 1), Gauge("y", 2), Gauge("x", 3));
        var families = ProtobufParser.ParseDelimited(bytes);
        Assert.Equal(["x", "y"], families.Select(f => f.Name));
        Assert.Equal(3, families[0].Metrics[0].Value);
        Assert.Equal([new Label("a", "1"), new Label("b", "2")], families[0].Metrics[0].Labels);
    }

    [Fact]
    public void A_family_without_metrics_is_dropped_unchecked_and_still_replaces_its_name()
    {
        // Found by fuzzing against the Pushgateway: it accepts these (its checks look at metrics) and exposes nothing.
        byte[] emptyMessage = [0x00];
        var noName = new DualHub.Metrics.Protobuf.Generated.MetricFamily { Type = (DualHub.Metrics.Protobuf.Generated.MetricType)9 };
        var noNameBytes = Google.Protobuf.MessageExtensions.ToByteArray(noName);
        var emptyX = Google.Protobuf.MessageExtensions.ToByteArray(new DualHub.Metrics.Protobuf.Generated.MetricFamily { Name = "x" });
        byte[] invalidName = [0x04, 0x0A, 0x02, 0x31, 0x61];
        byte[] bytes = [.. Write(Gauge("x", 1), Gauge("y", 2)), .. emptyMessage, (byte)noNameBytes.Length, .. noNameBytes, .. invalidName, (byte)emptyX.Length, .. emptyX];

        var families = ProtobufParser.ParseDelimited(bytes);

        Assert.Equal(["y"], families.Select(f => f.Name));
    }

    [Fact]
    public void Empty_input_gives_no_families()
    {
        Assert.Empty(ProtobufParser.ParseDelimited(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Truncated_message_is_a_parse_error()
    {
        var bytes = Write(Gauge("x", 1));
        var ex = Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x05 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void A_length_prefix_cut_short_or_with_nothing_after_it_ends_the_body_as_in_go(byte[] tail)
    {
        // Found by the Pushgateway agreement bench: Go's pbutil reads these as io.EOF and the Pushgateway answers 200.
        byte[] bytes = [.. Write(Gauge("x", 1)), .. tail];

        Assert.Equal(["x"], ProtobufParser.ParseDelimited(bytes).Select(f => f.Name));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(new byte[] { 0x03, 0x0A, 0x05, 0x61 })]
    [InlineData(new byte[] { 0x02, 0xFF, 0xFF })]
    public void Malformed_protobuf_is_a_parse_error(byte[] bytes)
    {
        Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(bytes));
    }

    [Fact]
    public void Oversized_message_is_refused_before_reading_it()
    {
        var bytes = Write(Gauge("x", 1));
        var ex = Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(bytes, maxMessageBytes: 4));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_without_the_field_of_its_type_is_refused()
    {
        var message = new DualHub.Metrics.Protobuf.Generated.MetricFamily { Name = "c", Type = DualHub.Metrics.Protobuf.Generated.MetricType.Counter };
        message.Metric.Add(new DualHub.Metrics.Protobuf.Generated.Metric { Gauge = new() { Value = 1 } });
        var size = Google.Protobuf.MessageExtensions.ToByteArray(message);
        byte[] bytes = [(byte)size.Length, .. size];
        var ex = Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(bytes));
        Assert.Contains("expected counter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_value_that_is_not_UTF_8_is_refused_as_the_Pushgateway_refuses_it()
    {
        var f = new MetricFamily("x", MetricType.Gauge);
        f.Metrics.Add(new Metric { Labels = [new("a", "v#v")], Value = 1 });
        var bytes = Write(f);
        bytes[bytes.AsSpan().IndexOf("#"u8)] = 0xff;

        var ex = Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(bytes));

        Assert.StartsWith("protobuf message 1 is invalid: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_value_holding_the_replacement_character_itself_is_kept()
    {
        var f = new MetricFamily("x", MetricType.Gauge);
        f.Metrics.Add(new Metric { Labels = [new("a", "v\uFFFDv")], Value = 1 });

        Assert.Equal("v\uFFFDv", ProtobufParser.ParseDelimited(Write(f))[0].Metrics[0].Labels[0].Value);
    }

    [Fact]
    public void Duplicate_label_names_are_refused()
    {
        var f = new MetricFamily("x", MetricType.Gauge);
        f.Metrics.Add(new Metric { Labels = [new("a", "1"), new("a", "2")] });
        Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(Write(f)));
    }

    [Fact]
    public void Non_integral_histogram_counts_use_the_float_fields()
    {
        var f = new MetricFamily("h", MetricType.Histogram);
        f.Metrics.Add(new Metric { Buckets = [new(1, 0.5), new(double.PositiveInfinity, 2.5)], Count = 2.5, Sum = 1 });
        var back = ProtobufParser.ParseDelimited(Write(f));
        Assert.Equal(2.5, back[0].Metrics[0].Count);
        Assert.Equal(0.5, back[0].Metrics[0].Buckets[0].CumulativeCount);
    }
}
