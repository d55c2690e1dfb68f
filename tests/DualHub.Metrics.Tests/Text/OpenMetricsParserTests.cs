using System.Text;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

public class OpenMetricsParserTests
{
    private static List<MetricFamily> Parse(string text) => OpenMetricsParser.Parse(Encoding.UTF8.GetBytes(text));

    private static string ParseError(string text) =>
        Assert.Throws<MetricsParseException>(() => OpenMetricsParser.Parse(Encoding.UTF8.GetBytes(text))).Message;

    [Fact]
    public void Parses_all_types_units_created_and_exemplars()
    {
        var families = Parse("""
            # HELP req Requests "served".
            # TYPE req counter
            req_total{path="/a"} 12 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67 1520879602.029
            req_created{path="/a"} 1520430000.123
            # TYPE temp_celsius gauge
            # UNIT temp_celsius celsius
            temp_celsius 21.5
            # TYPE rpc summary
            rpc{quantile="0.5"} 1.5
            rpc_sum 10
            rpc_count 4
            # TYPE lat histogram
            lat_bucket{le="0.1"} 1 # {trace_id="x"} 0.05
            lat_bucket{le="+Inf"} 3
            lat_count 3
            lat_sum 0.7
            # TYPE q gaugehistogram
            q_bucket{le="1.0"} 2
            q_bucket{le="+Inf"} 5
            q_gcount 5
            q_gsum 9
            # TYPE build info
            build_info{version="1.2"} 1
            # TYPE power stateset
            power{power="on"} 1
            power{power="off"} 0
            untyped_thing NaN
            # EOF
            """.Replace("\r\n", "\n", StringComparison.Ordinal));

        Assert.Equal(["req_total", "temp_celsius", "rpc", "lat", "q", "build", "power", "untyped_thing"], families.Select(f => f.Name));
        var counter = families[0];
        Assert.Equal(MetricType.Counter, counter.Type);
        Assert.Equal("Requests \"served\".", counter.Help);
        Assert.Equal(12, counter.Metrics[0].Value);
        Assert.Equal(1520879607789, counter.Metrics[0].TimestampMs);
        Assert.Equal(1520430000.123, counter.Metrics[0].Created);
        Assert.Equal("celsius", families[1].Unit);
        Assert.Equal([new Quantile(0.5, 1.5)], families[2].Metrics[0].Quantiles);
        Assert.Equal(4, families[2].Metrics[0].Count);
        Assert.Equal([new Bucket(0.1, 1), new Bucket(double.PositiveInfinity, 3)], families[3].Metrics[0].Buckets);
        Assert.Equal(MetricType.GaugeHistogram, families[4].Type);
        Assert.Equal(9, families[4].Metrics[0].Sum);
        Assert.Equal(MetricType.Info, families[5].Type);
        Assert.Equal(2, families[6].Metrics.Count);
        Assert.Equal(MetricType.Untyped, families[7].Type);
    }

    [Fact]
    public void Accepts_eof_without_final_line_feed_and_an_empty_exposition()
    {
        Assert.Single(Parse("a 1\n# EOF"));
        Assert.Empty(Parse("# EOF\n"));
    }

    [Theory]
    [InlineData("a 1\n", "missing # EOF")]
    [InlineData("", "empty input")]
    [InlineData("a 1\n# EOF\nb 2\n", "content after EOF")]
    [InlineData("a 1\n\n# EOF\n", "blank line")]
    [InlineData("# random comment\n# EOF\n", "plain comment")]
    [InlineData("# TYPE a counter\na 1\n# EOF\n", "counter sample without _total")]
    [InlineData("# TYPE a gauge\n# TYPE a gauge\n# EOF\n", "second TYPE")]
    [InlineData("# TYPE a bogus\n# EOF\n", "unknown type")]
    [InlineData("a 1\nb 1\na 2\n# EOF\n", "interleaved families")]
    [InlineData("a 1\n# TYPE a gauge\n# EOF\n", "TYPE after samples")]
    [InlineData("a{b=\"1\",} 1\n# EOF\n", "trailing comma")]
    [InlineData("a{b=\"1\",b=\"2\"} 1\n# EOF\n", "duplicate label")]
    [InlineData("a  1\n# EOF\n", "two spaces")]
    [InlineData("a 1 \n# EOF\n", "trailing space")]
    [InlineData("a 1\r\n# EOF\n", "CR")]
    [InlineData("# TYPE h histogram\nh_bucket 1\n# EOF\n", "bucket without le")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n# EOF\n", "bad le")]
    [InlineData("# TYPE h histogram\nh_gsum 1\n# EOF\n", "gaugehistogram suffix on histogram")]
    [InlineData("# TYPE s summary\ns 1\n# EOF\n", "summary without quantile")]
    [InlineData("# TYPE c counter\nc_total{a=\"1\"} 1\nc_total{a=\"2\"} 1\nc_created{a=\"1\"} 1\n# EOF\n", "interleaved metric")]
    [InlineData("# TYPE x_bytes gauge\n# UNIT x_bytes seconds\n# EOF\n", "unit not a suffix")]
    [InlineData("a 1 # {a=\"b\"}\n# EOF\n", "exemplar without value")]
    [InlineData("a 1 NaN\n# EOF\n", "NaN timestamp")]
    [InlineData("a{b=\"1} 1\n# EOF\n", "unterminated value")]
    public void Rejects_invalid_openmetrics(string text, string why)
    {
        var message = ParseError(text);
        Assert.StartsWith("openmetrics parsing error in line ", message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public void Error_names_line_and_problem()
    {
        var ex = Assert.Throws<MetricsParseException>(() => OpenMetricsParser.Parse("a 1\nb x\n# EOF\n"u8));
        Assert.Equal(2, ex.Line);
        Assert.Equal("openmetrics parsing error in line 2: expected a number as value, got \"x\"", ex.Message);
    }

    [Fact]
    public void Parses_python_prometheus_client_output()
    {
        // Written by python3-prometheus-client 0.16 (Debian bookworm) generate_latest of the OpenMetrics exposition.
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-prometheus-client-0.16-openmetrics.txt"));
        var families = OpenMetricsParser.Parse(bytes);
        Assert.Equal(
            ["requests_total:Counter", "temperature_celsius:Gauge", "latency_seconds:Histogram", "size_bytes:Summary", "build:Info", "state:StateSet"],
            families.Select(f => $"{f.Name}:{f.Type}"));
        Assert.Equal("/b\n\"x\"", families[0].Metrics[1].Labels[0].Value);
        Assert.Equal(1795767659.2046163, families[0].Metrics[0].Created);
        Assert.Equal("celsius", families[1].Unit);
        Assert.Equal(3.05, families[2].Metrics[0].Sum);
        Assert.Equal(1, families[3].Metrics[0].Count);
        Assert.Equal(1, families[5].Metrics[1].Value);
    }
}
