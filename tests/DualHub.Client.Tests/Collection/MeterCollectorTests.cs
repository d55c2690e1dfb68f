using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using DualHub.Client.Collection;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Client.Tests.Collection;

public sealed class MeterCollectorTests : IDisposable
{
    private readonly Meter _meter = new("Test.Collector." + Guid.NewGuid().ToString("N"));
    private readonly MeterCollector _collector;

    public MeterCollectorTests()
    {
        _collector = new MeterCollector(m => m == _meter, scope: "me");
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    private string Text()
    {
        var buffer = new ArrayBufferWriter<byte>();
        TextWriter004.Write(buffer, _collector.Collect());
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Counters_sum_per_tag_set_whatever_the_tag_order_and_get_total_suffix()
    {
        var c = _meter.CreateCounter<long>("app.requests", description: "Requests served.");
        c.Add(2, new("method", "GET"), new("code", 200));
        c.Add(3, new("code", 200), new("method", "GET"));
        c.Add(1, new("method", "PUT"), new("code", 500));

        Assert.Equal(
            "# HELP app_requests_total Requests served.\n# TYPE app_requests_total counter\n" +
            "app_requests_total{code=\"200\",method=\"GET\"} 5\napp_requests_total{code=\"500\",method=\"PUT\"} 1\n",
            Sorted(Text()));
    }

    [Fact]
    public void Up_down_counters_and_gauges_are_gauges_with_unit_suffixes()
    {
        var queue = _meter.CreateUpDownCounter<int>("queue.depth");
        queue.Add(5);
        queue.Add(-2);
        var temp = _meter.CreateGauge<double>("disk.used", unit: "By");
        temp.Record(10);
        temp.Record(42.5);

        var text = Text();

        Assert.Contains("# TYPE queue_depth gauge\nqueue_depth 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE disk_used_bytes gauge\ndisk_used_bytes 42.5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Observable_instruments_report_what_the_callback_says_now()
    {
        var series = new List<Measurement<double>> { new(1, new KeyValuePair<string, object?>("cpu", "0")), new(2, new KeyValuePair<string, object?>("cpu", "1")) };
        _meter.CreateObservableGauge("cpu.load", () => series);
        var total = 10L;
        _meter.CreateObservableCounter("bytes.read", () => total, unit: "By");

        Assert.Contains("cpu_load{cpu=\"1\"} 2\n", Text(), StringComparison.Ordinal);
        series.RemoveAt(1);
        total = 15;
        var text = Text();

        Assert.DoesNotContain("cpu=\"1\"", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE bytes_read_bytes_total counter\nbytes_read_bytes_total 15\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histograms_become_cumulative_bucket_families_with_advised_bounds()
    {
        var h = _meter.CreateHistogram<double>("op.duration", unit: "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        h.Record(0.05);
        h.Record(0.5);
        h.Record(5);

        Assert.Equal(
            "# TYPE op_duration_seconds histogram\n" +
            "op_duration_seconds_bucket{le=\"0.1\"} 1\nop_duration_seconds_bucket{le=\"1\"} 2\nop_duration_seconds_bucket{le=\"+Inf\"} 3\n" +
            "op_duration_seconds_sum 5.55\nop_duration_seconds_count 3\n",
            Text());
    }

    [Fact]
    public void Measurements_scoped_to_another_agent_are_ignored_and_the_scope_tag_is_not_a_label()
    {
        var c = _meter.CreateCounter<long>("scoped");
        c.Add(1, new KeyValuePair<string, object?>(InstrumentAggregator.ScopeTag, "me"));
        c.Add(100, new KeyValuePair<string, object?>(InstrumentAggregator.ScopeTag, "someone-else"));

        Assert.Equal("# TYPE scoped_total counter\nscoped_total 1\n", Text());
    }

    [Fact]
    public void Long_tag_sets_and_odd_names_are_handled()
    {
        var c = _meter.CreateCounter<long>("9.bad-name");
        var tags = Enumerable.Range(0, 40).Select(i => new KeyValuePair<string, object?>("tag.number" + i, new string('v', 50))).ToArray();
        c.Add(1, tags);
        c.Add(1, tags);

        var family = Assert.Single(_collector.Collect());

        Assert.Equal("_9_bad_name_total", family.Name);
        var metric = Assert.Single(family.Metrics);
        Assert.Equal(2, metric.Value);
        Assert.Equal(40, metric.Labels.Length);
        Assert.StartsWith("tag_number", metric.Labels[0].Name, StringComparison.Ordinal);
    }

    private static string Sorted(string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        var comments = lines.Where(l => l.StartsWith('#'));
        var samples = lines.Where(l => !l.StartsWith('#')).Order(StringComparer.Ordinal);
        return string.Join('\n', comments.Concat(samples)) + "\n";
    }
}
