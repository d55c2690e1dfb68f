using System.Text;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

public class TextParserTests
{
    private static List<MetricFamily> Parse(string text) => TextParser.Parse(Encoding.UTF8.GetBytes(text));

    private static string ParseError(string text) =>
        Assert.Throws<MetricsParseException>(() => TextParser.Parse(Encoding.UTF8.GetBytes(text))).Message;

    [Fact]
    public void Parses_counter_gauge_untyped_with_help_labels_and_timestamps()
    {
        var families = Parse("""
            # HELP http_requests_total The total.\nSecond line \\ backslash
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # A comment
            temp{a="x\"y\\z\nw"} -Inf
            untyped_thing +Inf -12
            nan_thing NaN

            """);
        Assert.Equal(["http_requests_total", "temp", "untyped_thing", "nan_thing"], families.Select(f => f.Name));
        var counter = families[0];
        Assert.Equal(MetricType.Counter, counter.Type);
        Assert.Equal("The total.\nSecond line \\ backslash", counter.Help);
        Assert.Equal(2, counter.Metrics.Count);
        Assert.Equal([new Label("code", "200"), new Label("method", "post")], counter.Metrics[0].Labels);
        Assert.Equal(1027, counter.Metrics[0].Value);
        Assert.Equal(1395066363000, counter.Metrics[0].TimestampMs);
        Assert.Equal(MetricType.Untyped, families[1].Type);
        Assert.Equal("x\"y\\z\nw", families[1].Metrics[0].Labels[0].Value);
        Assert.Equal(double.NegativeInfinity, families[1].Metrics[0].Value);
        Assert.Equal(-12, families[2].Metrics[0].TimestampMs);
        Assert.True(double.IsNaN(families[3].Metrics[0].Value));
        Assert.Null(families[3].Metrics[0].TimestampMs);
    }

    [Fact]
    public void Parses_summary_and_histogram_into_one_metric_per_label_set()
    {
        var families = Parse("""
            # TYPE rpc summary
            rpc{service="a",quantile="0.5"} 4773
            rpc{quantile="0.9",service="a"} 9001
            rpc_sum{service="a"} 1.7560473e+07
            rpc_count{service="a"} 2693
            rpc{service="b",quantile="0.5"} 1
            # TYPE lat histogram
            lat_bucket{le="0.05"} 24054
            lat_bucket{le="+Inf"} 144320
            lat_sum 53423
            lat_count 144320.9

            """);
        var summary = families[0];
        Assert.Equal(MetricType.Summary, summary.Type);
        Assert.Equal(2, summary.Metrics.Count);
        Assert.Equal([new Quantile(0.5, 4773), new Quantile(0.9, 9001)], summary.Metrics[0].Quantiles);
        Assert.Equal(1.7560473e+07, summary.Metrics[0].Sum);
        Assert.Equal(2693, summary.Metrics[0].Count);
        var histogram = families[1];
        Assert.Single(histogram.Metrics);
        Assert.Equal([new Bucket(0.05, 24054), new Bucket(double.PositiveInfinity, 144320)], histogram.Metrics[0].Buckets);
        Assert.Equal(144320, histogram.Metrics[0].Count);
    }

    [Fact]
    public void Merges_families_that_are_not_adjacent()
    {
        var families = Parse("a 1\nb 2\na{x=\"1\"} 3\n");
        Assert.Equal(["a", "b"], families.Select(f => f.Name));
        Assert.Equal(2, families[0].Metrics.Count);
    }

    [Fact]
    public void Drops_families_without_samples_and_accepts_trailing_comma_and_blank_tail()
    {
        var families = Parse("# HELP nothing here\n# TYPE empty gauge\nx{a=\"b\",} 1\n  \t");
        Assert.Single(families);
        Assert.Equal("x", families[0].Name);
    }

    [Theory]
    [InlineData("a 1", "text format parsing error in line 1: unexpected end of input stream")]
    [InlineData("a 1\r\n", "text format parsing error in line 1: expected float as value, got \"1\\r\"")]
    [InlineData("a 1\nb 2\nc x\n", "text format parsing error in line 3: expected float as value, got \"x\"")]
    [InlineData("# TYPE a counter\n# TYPE a gauge\n", "text format parsing error in line 2: second TYPE line for metric name \"a\", or TYPE reported after samples")]
    [InlineData("a 1\n# TYPE a counter\n", "text format parsing error in line 2: second TYPE line for metric name \"a\", or TYPE reported after samples")]
    [InlineData("# HELP a x\n# HELP a y\n", "text format parsing error in line 2: second HELP line for metric name \"a\"")]
    [InlineData("a{b=\"1\",b=\"2\"} 1\n", "text format parsing error in line 1: duplicate label names for metric \"a\"")]
    [InlineData("a{__name__=\"x\"} 1\n", "text format parsing error in line 1: label name \"__name__\" is reserved")]
    [InlineData("a{b=\"\\t\"} 1\n", "text format parsing error in line 1: invalid escape sequence '\\t'")]
    [InlineData("a{b=\"x\ny\"} 1\n", "text format parsing error in line 1: label value \"x\" contains unescaped new-line")]
    [InlineData("a 1 \n", "text format parsing error in line 1: expected integer as timestamp, got \"\"")]
    [InlineData("a 1 2 3\n", "text format parsing error in line 1: spurious string after timestamp: \" 3\"")]
    [InlineData("a 1 1.5\n", "text format parsing error in line 1: expected integer as timestamp, got \"1.5\"")]
    [InlineData("a 1e400\n", "text format parsing error in line 1: expected float as value, got \"1e400\"")]
    [InlineData("a 0x1p3\n", "text format parsing error in line 1: expected float as value, got \"0x1p3\"")]
    [InlineData("a 1_000\n", "text format parsing error in line 1: expected float as value, got \"1_000\"")]
    [InlineData("1a 1\n", "text format parsing error in line 1: invalid metric name")]
    [InlineData("a{1=\"x\"} 1\n", "text format parsing error in line 1: invalid label name for metric \"a\"")]
    [InlineData("a{b:\"x\"} 1\n", "text format parsing error in line 1: expected '=' after label name, found ':'")]
    [InlineData("a{b=x} 1\n", "text format parsing error in line 1: expected '\"' at start of label value, found 'x'")]
    [InlineData("a{b=\"x\" c=\"y\"} 1\n", "text format parsing error in line 1: unexpected end of label value \"x\"")]
    [InlineData("# TYPE a foo\n", "text format parsing error in line 1: unknown metric type \"foo\"")]
    [InlineData("# HELP 1a x\n", "text format parsing error in line 1: invalid metric name in comment")]
    [InlineData("# TYPE s summary\ns{quantile=\"x\"} 1\n", "text format parsing error in line 2: expected float as value for 'quantile' label, got \"x\"")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"\"} 1\n", "text format parsing error in line 2: expected float as value for 'le' label, got \"\"")]
    [InlineData("# HELP a x\\y\n", "text format parsing error in line 1: invalid escape sequence '\\y'")]
    public void Rejects_like_go_expfmt(string text, string expected)
    {
        Assert.Equal(expected, ParseError(text));
    }

    [Fact]
    public void Reports_invalid_utf8_label_value()
    {
        byte[] bytes = [.. "a{b=\""u8, 0xff, .. "\"} 1\n"u8];
        var ex = Assert.Throws<MetricsParseException>(() => TextParser.Parse(bytes));
        Assert.Equal("text format parsing error in line 1: invalid label value \"\\xff\"", ex.Message);
        Assert.Equal(1, ex.Line);
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("-0.5", -0.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1E3", 1000.0)]
    [InlineData("+1e-3", 0.001)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1e-400", 0.0)]
    public void Accepts_go_floats(string value, double expected)
    {
        Assert.Equal(expected, Parse($"a {value}\n")[0].Metrics[0].Value);
    }

    [Fact]
    public void Ignores_case_of_type_keyword_and_needs_no_blank_after_hash()
    {
        var families = Parse("#\n# TYPE a GAUGE\n#HELP a is still help\n# HELP b\n# other\na 1\n");
        Assert.Equal(MetricType.Gauge, families[0].Type);
        Assert.Equal("is still help", families[0].Help);
    }

    [Fact]
    public void Parses_a_sequence_spanning_segments()
    {
        var bytes = Encoding.UTF8.GetBytes("a{b=\"c\"} 1\nd 2\n");
        var first = new Segment(bytes.AsMemory(0, 5));
        var last = first.Append(bytes.AsMemory(5));
        var seq = new System.Buffers.ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.Equal(2, TextParser.Parse(seq).Count);
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
