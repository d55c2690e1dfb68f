using DualHub.Metrics.RemoteWrite;
using DualHub.Hub.Scrape;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.Scrape;

public sealed class ScrapeLoopTests : IAsyncLifetime, IDisposable
{
    private const long T0 = 1_700_000_000_000;
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(T0));
    private readonly FakeTarget _target = new();
    private SqliteSampleLog _log = null!;

    public Task InitializeAsync()
    {
        _log = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "s.db") }, _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        TempDir.Delete(_dir);
    }

    public void Dispose() => _target.Dispose();

    [Fact]
    public async Task Scrape_adds_target_labels_synthetic_series_and_sends_prometheus_accept_header()
    {
        _target.Body = "# TYPE a counter\na_total{x=\"1\"} 5\nb 2.5\n";
        await using var loop = Loop(Target());

        var samples = await ScrapeAsync(loop);

        Assert.Equal(5.0, samples["{__name__=\"a_total\",env=\"e\",instance=\"h:1\",job=\"j\",x=\"1\"}"].Value);
        Assert.Equal(2.5, samples["{__name__=\"b\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        Assert.Equal(1.0, samples["{__name__=\"up\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        Assert.Equal(2.0, samples["{__name__=\"scrape_samples_scraped\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        Assert.Equal(2.0, samples["{__name__=\"scrape_series_added\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        Assert.True(samples.ContainsKey("{__name__=\"scrape_duration_seconds\",env=\"e\",instance=\"h:1\",job=\"j\"}"));
        Assert.All(samples.Values, s => Assert.Equal(T0, s.TimestampMs));
        var accept = _target.LastRequest!.Headers.Accept;
        Assert.Contains(accept, a => a.MediaType == "text/plain" && a.Parameters.Any(p => p.Name == "version" && p.Value == "0.0.4"));
        Assert.Contains(accept, a => a.MediaType == "application/openmetrics-text");
        Assert.True(loop.Status.Up);
    }

    [Fact]
    public async Task Clashing_labels_become_exported_unless_honor_labels()
    {
        _target.Body = "m{job=\"pushed\",instance=\"\"} 1\n";
        await using (var loop = Loop(Target()))
        {
            var s = await ScrapeAsync(loop);
            Assert.True(s.ContainsKey("{__name__=\"m\",env=\"e\",exported_job=\"pushed\",instance=\"h:1\",job=\"j\"}"), string.Join("\n", s.Keys));
        }

        await using (var loop = Loop(Target() with { HonorLabels = true }))
        {
            var s = await ScrapeAsync(loop);

            // honor_labels: the scraped job wins, the empty scraped instance removes the target's.
            Assert.True(s.ContainsKey("{__name__=\"m\",env=\"e\",job=\"pushed\"}"), string.Join("\n", s.Keys));
        }
    }

    [Fact]
    public async Task Honor_timestamps_controls_exposed_timestamps()
    {
        _target.Body = "m 1 1600000000000\n";
        await using (var loop = Loop(Target()))
        {
            Assert.Equal(1_600_000_000_000, (await ScrapeAsync(loop))["{__name__=\"m\",env=\"e\",instance=\"h:1\",job=\"j\"}"].TimestampMs);
        }

        await using (var loop = Loop(Target() with { HonorTimestamps = false }))
        {
            Assert.Equal(T0, (await ScrapeAsync(loop))["{__name__=\"m\",env=\"e\",instance=\"h:1\",job=\"j\"}"].TimestampMs);
        }
    }

    [Fact]
    public async Task Summaries_and_histograms_flatten_like_prometheus()
    {
        _target.Body = """
            # TYPE h histogram
            h_bucket{le="0.005"} 1
            h_bucket{le="1000000"} 2
            h_bucket{le="+Inf"} 3
            h_sum 4
            h_count 3
            # TYPE s summary
            s{quantile="0.5"} 7
            s_sum 8
            s_count 9

            """;
        await using var loop = Loop(Target());
        var s = await ScrapeAsync(loop);

        Assert.Equal(1.0, s["{__name__=\"h_bucket\",env=\"e\",instance=\"h:1\",job=\"j\",le=\"0.005\"}"].Value);
        Assert.Equal(2.0, s["{__name__=\"h_bucket\",env=\"e\",instance=\"h:1\",job=\"j\",le=\"1e+06\"}"].Value);
        Assert.Equal(3.0, s["{__name__=\"h_bucket\",env=\"e\",instance=\"h:1\",job=\"j\",le=\"+Inf\"}"].Value);
        Assert.Equal(4.0, s["{__name__=\"h_sum\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        Assert.Equal(7.0, s["{__name__=\"s\",env=\"e\",instance=\"h:1\",job=\"j\",quantile=\"0.5\"}"].Value);
        Assert.Equal(9.0, s["{__name__=\"s_count\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
    }

    [Fact]
    public async Task Disappearing_series_and_a_down_target_get_exact_stale_markers()
    {
        _target.Body = "a 1\nb 2\n";
        await using var loop = Loop(Target());
        await ScrapeAsync(loop);

        _time.Advance(TimeSpan.FromSeconds(15));
        _target.Body = "a 1\n";
        var second = await ScrapeAsync(loop);
        var stale = second["{__name__=\"b\",env=\"e\",instance=\"h:1\",job=\"j\"}"];
        Assert.Equal((long)StaleMarker.Bits, stale.ValueBits);
        Assert.Equal(T0 + 15_000, stale.TimestampMs);
        Assert.Equal(1.0, second["{__name__=\"a\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);

        _time.Advance(TimeSpan.FromSeconds(15));
        _target.Down = true;
        var third = await ScrapeAsync(loop);
        Assert.Equal((long)StaleMarker.Bits, third["{__name__=\"a\",env=\"e\",instance=\"h:1\",job=\"j\"}"].ValueBits);
        Assert.False(third.ContainsKey("{__name__=\"b\",env=\"e\",instance=\"h:1\",job=\"j\"}"));
        Assert.Equal(0.0, third["{__name__=\"up\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        Assert.False(loop.Status.Up);
        Assert.Contains("Connection refused", loop.Status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openmetrics_answers_are_parsed_as_openmetrics()
    {
        _target.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        _target.Body = "# TYPE c counter\nc_total 4 1600000000.5\n# TYPE i info\ni_info{v=\"1\"} 1\n# EOF\n";
        await using var loop = Loop(Target());
        var s = await ScrapeAsync(loop);

        Assert.Equal(1_600_000_000_500, s["{__name__=\"c_total\",env=\"e\",instance=\"h:1\",job=\"j\"}"].TimestampMs);
        Assert.Equal(1.0, s["{__name__=\"i_info\",env=\"e\",instance=\"h:1\",job=\"j\",v=\"1\"}"].Value);
    }

    [Fact]
    public async Task Reordered_series_are_not_stale_and_not_new()
    {
        _target.Body = "a 1\nb 2\nc 3\n";
        await using var loop = Loop(Target());
        await ScrapeAsync(loop);
        _target.Body = "c 3\na 1\nb 2\nd 4\n";

        var s = await ScrapeAsync(loop);

        Assert.DoesNotContain(s.Values, v => (ulong)v.ValueBits == StaleMarker.Bits);
        Assert.Equal(1.0, s["{__name__=\"scrape_series_added\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        _target.Body = "c 3\na 1\nb 2\nd 4\n";
        Assert.Equal(0.0, (await ScrapeAsync(loop))["{__name__=\"scrape_series_added\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
    }

    [Fact]
    public async Task Invalid_exposition_marks_the_target_down()
    {
        _target.Body = "a{ 1\n";
        await using var loop = Loop(Target());
        var s = await ScrapeAsync(loop);

        Assert.Equal(0.0, s["{__name__=\"up\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
        Assert.Equal(5, s.Count);
    }

    [Fact]
    public async Task A_large_scrape_is_journaled_in_bounded_records_and_only_after_the_whole_body_parsed()
    {
        string Lines(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"big_series{{id=\"{i}\",group=\"g{i % 100}\"}} {i}\n"));
        _target.Body = Lines(40_000);
        await using var loop = Loop(Target());
        var last = await loop.ScrapeOnceAsync(CancellationToken.None);
        var first = Journaled(1, last);
        Assert.True(last > 1, "one record for a 5 MB scrape");
        Assert.Equal(40_005, first.Count);
        Assert.Equal(40_005, first.Select(s => s.Series).Distinct().Count());

        _time.Advance(TimeSpan.FromSeconds(15));
        _target.Body = Lines(20_000);
        var from = last + 1;
        last = await loop.ScrapeOnceAsync(CancellationToken.None);
        var second = Journaled(from, last);
        Assert.Equal(20_000, second.Count(s => (ulong)s.ValueBits == StaleMarker.Bits));
        Assert.Equal(20_005, second.Count(s => (ulong)s.ValueBits != StaleMarker.Bits));

        // An error in the last line: none of the 20k valid lines before it is journaled, all of them go stale.
        _time.Advance(TimeSpan.FromSeconds(15));
        _target.Body = Lines(20_000) + "bad{ 1\n";
        from = last + 1;
        last = await loop.ScrapeOnceAsync(CancellationToken.None);
        var third = Journaled(from, last);
        Assert.Equal(20_000, third.Count(s => (ulong)s.ValueBits == StaleMarker.Bits));
        Assert.Equal(5, third.Count(s => (ulong)s.ValueBits != StaleMarker.Bits));
        Assert.False(loop.Status.Up);
    }

    [Fact]
    public async Task A_crash_while_a_large_scrape_is_journaled_leaves_none_of_its_records()
    {
        var snapshot = Path.Combine(_dir, "crash");
        Directory.CreateDirectory(snapshot);
        var crashing = new CrashPointLog(_log, Path.Combine(_dir, "s.db"), snapshot);
        _target.Body = string.Concat(Enumerable.Range(0, 40_000).Select(i => $"big_series{{id=\"{i}\",group=\"g{i % 100}\"}} {i}\n"));
        await using var loop = new ScrapeLoop(Target(), crashing, _target, _time);
        var first = await loop.ScrapeOnceAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(15));
        crashing.Arm();
        var last = await loop.ScrapeOnceAsync(CancellationToken.None);

        Assert.True(crashing.Taken);
        Assert.True(last - first >= 2, $"records {first + 1}..{last}: the scrape spans several records");
        Assert.Equal(40_005, Journaled(first + 1, last).Count(s => s.TimestampMs == T0 + 15_000));

        // Killed between the scrape's records: the scrape before is whole, nothing of this one is there.
        await using var crashed = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(snapshot, "s.db") }, _time);
        var samples = crashed.Read(0, 10_000, long.MaxValue).SelectMany(r => WireSample.Decode(r.Payload)).ToList();
        Assert.Equal(40_005, samples.Count(s => s.TimestampMs == T0));
        Assert.DoesNotContain(samples, s => s.TimestampMs == T0 + 15_000);
        Assert.Equal(first, crashed.LastSequence);
    }

    [Fact]
    public async Task Lines_longer_than_the_parse_buffer_are_read_whole()
    {
        var value = new string('y', 200_000);
        _target.Body = "a{x=\"" + value + "\"} 1\nb 2\n";
        await using var loop = Loop(Target());

        var s = await ScrapeAsync(loop);

        Assert.Equal(1.0, s["{__name__=\"a\",env=\"e\",instance=\"h:1\",job=\"j\",x=\"" + value + "\"}"].Value);
        Assert.Equal(2.0, s["{__name__=\"b\",env=\"e\",instance=\"h:1\",job=\"j\"}"].Value);
    }

    [Fact]
    public async Task Timer_scrapes_every_interval_of_the_time_provider()
    {
        _target.Body = "a 1\n";
        await using var loop = Loop(Target());
        loop.Start();
        await Poll.UntilAsync(() => _log.LastSequence == 1, TimeSpan.FromSeconds(10), "first scrape");
        _time.Advance(TimeSpan.FromSeconds(15));
        await Poll.UntilAsync(() => _log.LastSequence == 2, TimeSpan.FromSeconds(10), "second scrape");
        _time.Advance(TimeSpan.FromSeconds(14));
        await Task.Delay(100);
        Assert.Equal(2, _log.LastSequence);
    }

    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(1e6, "1e+06")]
    [InlineData(100000, "100000")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(2.5, "2.5")]
    [InlineData(-1234567.5, "-1.2345675e+06")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    public void Le_values_are_formatted_as_go_does(double v, string expected) => Assert.Equal(expected, GoFloat.FormatG(v));

    private static ScrapeTarget Target() => new(
        "j",
        new Uri("http://h:1/metrics"),
        [new Label("instance", "h:1"), new Label("job", "j")],
        [new Label("env", "e")],
        HonorLabels: false,
        HonorTimestamps: true,
        TimeSpan.FromSeconds(15),
        TimeSpan.FromSeconds(10),
        null);

    private ScrapeLoop Loop(ScrapeTarget target) => new(target, _log, _target, _time);

    private List<WireSample> Journaled(long from, long to)
    {
        var records = _log.Read(from, 10_000, long.MaxValue).Where(r => r.Sequence <= to).ToList();
        Assert.All(records, r => Assert.True(r.Length < 3 << 20, $"record of {r.Length} bytes"));
        return [.. records.SelectMany(r => WireSample.Decode(r.Payload))];
    }

    private async Task<Dictionary<string, WireSample>> ScrapeAsync(ScrapeLoop loop)
    {
        var seq = await loop.ScrapeOnceAsync(CancellationToken.None);
        var record = Assert.Single(_log.Read(seq, 1, long.MaxValue));
        return WireSample.Decode(record.Data).ToDictionary(s => s.Series);
    }
}
