using System.Buffers;
using System.Text.Json;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.Push.Store;
using DualHub.Hub.Query;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests;

public sealed class SamplePipelineTests : IDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Pushes_are_journaled_with_group_labels_at_accept_time_and_reach_the_central_view()
    {
        await using var p = Pipeline(central: true);
        p.Start();
        var family = new MetricFamily("jobs_done", MetricType.Counter);
        family.Metrics.Add(new Metric { Labels = [new Label("kind", "x")], Value = 3 });
        var summary = new MetricFamily("lat", MetricType.Summary);
        summary.Metrics.Add(new Metric { Quantiles = [new Quantile(0.5, 1)], Sum = 2, Count = 3 });

        await p.AppendPushAsync([family, summary], GroupId.From([new Label("instance", "i"), new Label("job", "batch")]));

        var samples = WireSample.Decode(Assert.Single(p.Journal.Read(0, 10, long.MaxValue)).Data).ToDictionary(s => s.Series);
        Assert.Equal(3.0, samples["{__name__=\"jobs_done\",instance=\"i\",job=\"batch\",kind=\"x\"}"].Value);
        Assert.Equal(1_700_000_000_000, samples["{__name__=\"lat\",instance=\"i\",job=\"batch\",quantile=\"0.5\"}"].TimestampMs);
        Assert.Equal(4, samples.Count);
        await Poll.UntilAsync(() => p.View!.Count == 4, TimeSpan.FromSeconds(10), "central view fed");
        Assert.Single(p.View!.Select(SelectorParser.Parse("jobs_done{job=\"batch\"}"), 1_700_000_000_001, 300_000));
    }

    [Fact]
    public async Task A_push_with_a_batch_time_is_stamped_with_it_and_the_same_batch_twice_is_one_sample_at_central()
    {
        // The agent's batch committed by EdgeHub, its answer lost, the batch re-sent: the hub stamps the batch's own time
        // both times, so CentralHub holds the push once (the second copy is a duplicate) instead of twice.
        await using var p = Pipeline(central: true);
        var group = GroupId.From([new Label("job", "resource_manager")]);
        var family = new MetricFamily("dualhub_push_sequence", MetricType.Gauge);
        family.Metrics.Add(new Metric { Value = 7 });
        var batchTime = 1_700_000_000_000L - 5_000;

        await p.AppendPushAsync([family], group, batchTime);
        await p.AppendPushAsync([family], group, batchTime);

        var samples = p.Journal.Read(0, 1000, long.MaxValue).SelectMany(r => WireSample.Decode(r.Data)).ToList();
        var s = Assert.Single(samples);
        Assert.Equal((batchTime, 7.0), (s.TimestampMs, s.Value));
        Assert.Equal(1, ((CentralIngestJournal)p.Journal).Counts(IngestPath.Local).Duplicates);
    }

    [Fact]
    public async Task A_batch_time_behind_the_groups_last_stamp_or_far_ahead_of_the_clock_gets_the_accept_time()
    {
        await using var p = Pipeline(central: false);
        var group = GroupId.From([new Label("job", "agent")]);
        var now = 1_700_000_000_000L;
        var family = new MetricFamily("x", MetricType.Gauge);
        family.Metrics.Add(new Metric { Value = 1 });

        await p.AppendPushAsync([family], group, now - 1000);
        await p.AppendPushAsync([family], group, now - 2000); // the agent's clock stepped back: never behind the group's last stamp
        await p.AppendPushAsync([family], group, now + (long)TimeSpan.FromMinutes(11).TotalMilliseconds);
        await p.AppendPushAsync([family], GroupId.From([new Label("job", "other")]), now - 2000); // another group is free

        var stamps = p.Journal.Read(0, 1000, long.MaxValue).SelectMany(r => WireSample.Decode(r.Data)).Select(s => s.TimestampMs).ToList();
        Assert.Equal([now - 1000, now, now + 1, now - 2000], stamps);
    }

    [Fact]
    public async Task Concurrent_pushes_of_one_group_are_journaled_in_timestamp_order()
    {
        // Each accept time differs; an upstream rejects an older sample after a newer one, so journal order must follow it.
        _time.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        await using var p = Pipeline(central: false);
        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var family = new MetricFamily("pushes", MetricType.Counter);
            family.Metrics.Add(new Metric { Value = i });
            await p.AppendPushAsync([family], GroupId.From([new Label("job", "agent")]));
        })));

        var stamps = p.Journal.Read(0, 1000, long.MaxValue).SelectMany(r => WireSample.Decode(r.Data)).Select(s => s.TimestampMs).ToList();
        Assert.Equal(400, stamps.Count);
        Assert.True(stamps.SequenceEqual(stamps.Order()), "journal order is not timestamp order");
    }

    [Fact]
    public async Task Pushes_accepted_within_one_millisecond_each_get_their_own_strictly_increasing_timestamp()
    {
        // An agent draining its spool pushes back to back: the clock does not move between the pushes here at all.
        await using var p = Pipeline(central: true);
        for (var i = 0; i < 50; i++)
        {
            var family = new MetricFamily("dualhub_push_sequence", MetricType.Gauge);
            family.Metrics.Add(new Metric { Value = i + 1 });
            await p.AppendPushAsync([family], GroupId.From([new Label("job", "resource_manager")]));
        }

        var samples = p.Journal.Read(0, 1000, long.MaxValue).SelectMany(r => WireSample.Decode(r.Data)).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (double)i), samples.Select(s => s.Value));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => 1_700_000_000_000L + i), samples.Select(s => s.TimestampMs));
    }

    [Fact]
    public async Task Central_view_is_rebuilt_from_the_journal_after_restart()
    {
        await using (var p = Pipeline(central: true))
        {
            p.Start();
            using var b = new SampleBatchBuilder();
            b.Add("m", [new Label("a", "1")], 1_700_000_000_000, 5);
            await p.Journal.AppendAsync(b.Written, 1);
        }

        await using var again = Pipeline(central: true);
        again.Start();
        await Poll.UntilAsync(() => again.View!.Count == 1, TimeSpan.FromSeconds(10), "view rebuilt");
    }

    [Fact]
    public async Task Health_lists_upstreams_targets_and_the_journal()
    {
        await using var p = Pipeline(central: false, "remote_write:\n  - url: http://127.0.0.1:1/api/v1/write\n    name: central\n");
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output))
        {
            w.WriteStartObject();
            p.WriteHealth(w);
            w.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(output.WrittenMemory);
        var up = Assert.Single(doc.RootElement.GetProperty("upstreams").EnumerateArray());
        Assert.Equal("central", up.GetProperty("name").GetString());
        Assert.Equal("http://127.0.0.1:1/api/v1/write", up.GetProperty("url").GetString());
        Assert.Equal(0, up.GetProperty("pending_samples").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("sample_journal").GetProperty("last_sequence").GetInt64());
        var families = p.CollectMetrics();
        Assert.Contains(families, f => f.Name == "dualhub_remote_write_pending_samples" && f.Metrics.Count == 1);
        Assert.Contains(families, f => f.Name == "dualhub_remote_write_samples_dropped_total" && f.Metrics.Count == 2);
        Assert.Null(p.View);
    }

    private SamplePipeline Pipeline(bool central, string yaml = "") =>
        new(PrometheusConfigReader.Read(yaml, "t.yml"), new SampleLogOptions { Path = Path.Combine(_dir, "s.db") }, _time, centralView: central);
}
