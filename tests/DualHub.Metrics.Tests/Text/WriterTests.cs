using System.Buffers;
using System.Text;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

public class WriterTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.0, "0")]
    [InlineData(-1.0, "-1")]
    [InlineData(1.5, "1.5")]
    [InlineData(1e6, "1e+06")]
    [InlineData(123456.0, "123456")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.7560473e+07, "1.7560473e+07")]
    [InlineData(18446744073709551615.0, "1.8446744073709552e+19")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100")]
    [InlineData(1e21, "1e+21")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Formats_floats_like_go(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[GoFloat.MaxFormattedLength];
        var n = GoFloat.Format(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1.5, "1.5")]
    [InlineData(1395066363.0, "1.395066363e+09")]
    public void Formats_openmetrics_floats_like_go(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[GoFloat.MaxFormattedLength];
        var n = GoFloat.Format(value, buffer, openMetrics: true);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void Text004_output_matches_expfmt()
    {
        var counter = new MetricFamily("http_requests_total", MetricType.Counter) { Help = "Total \\ requests\nsecond" };
        counter.Metrics.Add(new Metric { Labels = [new("code", "200"), new("path", "a\"b\\c\nd")], Value = 1027, TimestampMs = 1395066363000 });
        var summary = new MetricFamily("rpc", MetricType.Summary);
        summary.Metrics.Add(new Metric { Quantiles = [new(0.5, 4773), new(0.99, 76656)], Sum = 1.7560473e+07, Count = 2693 });
        var histogram = new MetricFamily("lat", MetricType.Histogram);
        histogram.Metrics.Add(new Metric { Labels = [new("job", "j")], Buckets = [new(0.05, 24054), new(1, 33444)], Sum = 53423, Count = 144320 });
        var empty = new MetricFamily("empty", MetricType.Gauge);
        var untyped = new MetricFamily("u", MetricType.Untyped);
        untyped.Metrics.Add(new Metric { Value = double.NaN });

        var text = Write(w => TextWriter004.Write(w, [counter, summary, histogram, empty, untyped]));

        Assert.Equal("""
            # HELP http_requests_total Total \\ requests\nsecond
            # TYPE http_requests_total counter
            http_requests_total{code="200",path="a\"b\\c\nd"} 1027 1395066363000
            # TYPE rpc summary
            rpc{quantile="0.5"} 4773
            rpc{quantile="0.99"} 76656
            rpc_sum 1.7560473e+07
            rpc_count 2693
            # TYPE lat histogram
            lat_bucket{job="j",le="0.05"} 24054
            lat_bucket{job="j",le="1"} 33444
            lat_bucket{job="j",le="+Inf"} 144320
            lat_sum{job="j"} 53423
            lat_count{job="j"} 144320
            # TYPE u untyped
            u NaN

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Fact]
    public void OpenMetrics_output_matches_expfmt_and_adds_the_extra_types()
    {
        var counter = new MetricFamily("req_total", MetricType.Counter) { Help = "Requests \"quoted\"" };
        counter.Metrics.Add(new Metric { Labels = [new("a", "b")], Value = 1, TimestampMs = 1500, Created = 1000.5 });
        var bare = new MetricFamily("bare", MetricType.Counter);
        bare.Metrics.Add(new Metric { Value = 2 });
        var histogram = new MetricFamily("size", MetricType.GaugeHistogram) { Unit = "bytes" };
        histogram.Metrics.Add(new Metric { Buckets = [new(1, 2), new(double.PositiveInfinity, 3)], Sum = 4.5, Count = 3 });
        var info = new MetricFamily("build", MetricType.Info);
        info.Metrics.Add(new Metric { Labels = [new("version", "1.0")], Value = 1 });
        var stateset = new MetricFamily("state", MetricType.StateSet);
        stateset.Metrics.Add(new Metric { Labels = [new("state", "on")], Value = 0 });

        var text = Write(w => OpenMetricsWriter.Write(w, [counter, bare, histogram, info, stateset]));

        Assert.Equal("""
            # HELP req Requests \"quoted\"
            # TYPE req counter
            req_total{a="b"} 1.0 1.5
            req_created{a="b"} 1000.5 1.5
            # TYPE bare unknown
            bare 2.0
            # TYPE size gaugehistogram
            # UNIT size bytes
            size_bucket{le="1.0"} 2
            size_bucket{le="+Inf"} 3
            size_gsum 4.5
            size_gcount 3
            # TYPE build info
            build_info{version="1.0"} 1.0
            # TYPE state stateset
            state{state="on"} 0.0
            # EOF

            """.Replace("\r\n", "\n", StringComparison.Ordinal), text);
    }

    [Theory]
    [InlineData(null, ExpositionFormat.Text004)]
    [InlineData("", ExpositionFormat.Text004)]
    [InlineData("*/*", ExpositionFormat.Text004)]
    [InlineData("text/plain;version=0.0.4", ExpositionFormat.Text004)]
    [InlineData("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", ExpositionFormat.OpenMetrics)]
    [InlineData("text/plain;version=0.0.4;q=0.9, application/openmetrics-text; version=1.0.0", ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=2.0.0", ExpositionFormat.Text004)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3", ExpositionFormat.ProtobufDelimited)]
    [InlineData("application/json", ExpositionFormat.Text004)]
    public void Negotiates_like_client_golang(string? accept, ExpositionFormat expected)
    {
        Assert.Equal(expected, ContentNegotiation.Negotiate(accept));
    }

    [Fact]
    public void Negotiation_can_refuse_openmetrics_as_pushgateway_does()
    {
        Assert.Equal(ExpositionFormat.Text004, ContentNegotiation.Negotiate("application/openmetrics-text;version=1.0.0", allowOpenMetrics: false));
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", ContentNegotiation.ContentTypeOf(ExpositionFormat.OpenMetrics));
    }

    [Theory]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", true)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited", true)]
    [InlineData("Application/Vnd.Google.Protobuf; Proto=\"io.prometheus.client.MetricFamily\"; ENCODING=delimited", true)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=text", false)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily", false)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited; bad", false)]
    [InlineData("text/plain; version=0.0.4", false)]
    [InlineData(null, false)]
    [InlineData("", false)]
    public void Push_body_is_protobuf_only_for_pushgateways_exact_content_type(string? contentType, bool expected)
    {
        Assert.Equal(expected, ContentNegotiation.IsProtobufDelimited(contentType));
    }

    internal static string Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
