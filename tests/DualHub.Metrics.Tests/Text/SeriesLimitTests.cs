using System.Buffers;
using System.Text;
using DualHub.Metrics.Model;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

/// <summary>A parse with a series limit stops at the first series beyond it, whatever the format.</summary>
public sealed class SeriesLimitTests
{
    [Theory]
    [InlineData("a 1\nb 1\nc 1\n", 3)]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\nh_bucket{x=\"2\",le=\"+Inf\"} 1\nh_count{x=\"2\"} 1\nh_sum{x=\"2\"} 1\n", 2)]
    [InlineData("# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_count 1\ns_sum 1\ns{x=\"2\",quantile=\"0.5\"} 1\n", 2)]
    public void Text_with_exactly_the_limit_parses_and_one_series_more_is_refused_naming_the_limit(string body, int series)
    {
        var utf8 = Encoding.UTF8.GetBytes(body);

        Assert.Equal(series, TextParser.Parse(utf8, series).Sum(f => f.Metrics.Count));
        var ex = Assert.Throws<MetricsParseException>(() => TextParser.Parse(utf8, series - 1));

        Assert.Equal(series - 1, ex.SeriesLimit);
        Assert.Equal($"the body has more than {series - 1} series", ex.Message);
    }

    [Fact]
    public void A_malformed_text_is_still_a_parse_error_without_a_series_limit()
    {
        var ex = Assert.Throws<MetricsParseException>(() => TextParser.Parse("a 1\nb x\n"u8, 10));

        Assert.Null(ex.SeriesLimit);
    }

    [Fact]
    public void Protobuf_with_exactly_the_limit_parses_and_one_series_more_is_refused_naming_the_limit()
    {
        var families = new[] { Gauge("a", 2), Gauge("b", 2) };
        var buffer = new ArrayBufferWriter<byte>();
        ProtobufWriter.WriteDelimited(buffer, families);

        Assert.Equal(4, ProtobufParser.ParseDelimited(buffer.WrittenSpan, 4, ProtobufParser.DefaultMaxMessageBytes).Sum(f => f.Metrics.Count));
        var ex = Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(buffer.WrittenSpan, 3, ProtobufParser.DefaultMaxMessageBytes));

        Assert.Equal(3, ex.SeriesLimit);
    }

    [Fact]
    public void A_protobuf_family_replaced_by_a_later_one_of_its_name_no_longer_counts()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ProtobufWriter.WriteDelimited(buffer, [Gauge("a", 3), Gauge("a", 3)]);

        var families = ProtobufParser.ParseDelimited(buffer.WrittenSpan, 4, ProtobufParser.DefaultMaxMessageBytes);

        Assert.Equal(3, Assert.Single(families).Metrics.Count);
    }

    [Fact]
    public void Protobuf_metrics_are_counted_on_the_wire_before_a_message_is_decoded()
    {
        // MetricFamily { name: 0xff, metric: {} x 1000 }: 2 bytes per metric, refused before one is made (decoding would
        // refuse the name that is not UTF-8 instead).
        byte[] message = [0x0a, 0x01, 0xff, .. Enumerable.Repeat<byte[]>([0x22, 0x00], 1000).SelectMany(b => b)];
        Assert.Equal(2003, message.Length);
        byte[] body = [0xd3, 0x0f, .. message]; // varint 2003

        var ex = Assert.Throws<MetricsParseException>(() => ProtobufParser.ParseDelimited(body, 10, ProtobufParser.DefaultMaxMessageBytes));

        Assert.Equal(10, ex.SeriesLimit);
    }

    private static MetricFamily Gauge(string name, int series)
    {
        var f = new MetricFamily(name, MetricType.Gauge);
        for (var i = 0; i < series; i++)
        {
            f.Metrics.Add(new Metric { Labels = [new("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], Value = i });
        }

        return f;
    }
}
