using System.Net;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;
using static DualHub.Hub.Tests.Upstreams.JournalBatches;

namespace DualHub.Hub.Tests.Upstreams;

public sealed class RemoteWriteSenderTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dir = TempDir.Create();
    private readonly TimerRecordingTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly FakeUpstream _upstream = new();
    private readonly List<IAsyncDisposable> _owned = [];
    private SqliteSampleLog _log = null!;

    public Task InitializeAsync()
    {
        _log = OpenLog();
        return Task.CompletedTask;
    }

    public void Dispose() => _upstream.Dispose();

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await _log.DisposeAsync();
        TempDir.Delete(_dir);
    }

    [Fact]
    public async Task Sends_journal_records_with_the_remote_write_headers_and_persists_the_cursor()
    {
        await _log.AppendAsync(Batch(0, 3), 3);
        Start(Config());

        await Poll.UntilAsync(() => _log.GetCursor("up") == new CursorPosition(2, 0), Wait, "cursor after record 1");
        var (request, body) = Assert.Single(_upstream.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/x-protobuf", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(["snappy"], request.Content.Headers.ContentEncoding);
        Assert.Equal(["0.1.0"], request.Headers.GetValues("X-Prometheus-Remote-Write-Version"));
        Assert.Equal(RemoteWriteSender.UserAgent, string.Join(" ", request.Headers.GetValues("User-Agent")));
        Assert.Equal(["edge"], request.Headers.GetValues("X-Scope-OrgID"));
        Assert.Equal(3, WireSample.Decode(body).Count);
    }

    [Fact]
    public async Task Splits_a_record_at_max_samples_per_send_in_order()
    {
        await _log.AppendAsync(Batch(0, 1200), 1200);
        var f = Start(Config(q => q with { MaxSamplesPerSend = 500 }));

        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 1200, Wait, "1200 samples sent");
        var sizes = _upstream.Requests.Select(r => WireSample.Decode(r.Body).Count).ToList();
        Assert.Equal([500, 500, 200], sizes);
        var all = _upstream.Requests.SelectMany(r => WireSample.Decode(r.Body)).Select(s => s.Series).ToList();
        Assert.Equal(1200, all.Distinct().Count());
    }

    [Fact]
    public async Task A_status_shows_each_sent_batch_either_pending_or_counted_never_both_nor_neither()
    {
        // What a drain check relies on: nothing pending means the count is whole, and a counted batch is no longer pending.
        const int Records = 200;
        for (var i = 0; i < Records; i++)
        {
            await _log.AppendAsync(Batch(i, 1), 1);
        }

        var f = Start(Config());
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        UpstreamStatus s;
        do
        {
            s = f.GetStatus();
            Assert.True(s.PendingSamples + s.SamplesSent == Records, $"pending {s.PendingSamples}, sent {s.SamplesSent}");
            await Task.Yield();
        }
        while (s.SamplesSent < Records && deadline.Elapsed < Wait);

        Assert.Equal(Records, s.SamplesSent);
    }

    [Fact]
    public async Task A_record_larger_than_the_read_window_goes_out_whole_in_order()
    {
        await _log.AppendAsync(Batch(0, 25_000), 25_000); // about 1.3 MB, more than one 1 MiB window
        var f = Start(Config(q => q with { MaxSamplesPerSend = 3000 }));

        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 25_000, Wait, "all samples sent");
        var series = _upstream.Requests.SelectMany(r => WireSample.Decode(r.Body)).Select(s => s.Series).ToList();
        Assert.Equal(25_000, series.Count);
        Assert.Equal(25_000, series.Distinct().Count());
        Assert.All(_upstream.Requests, r => Assert.InRange(WireSample.Decode(r.Body).Count, 1, 3000));
    }

    [Fact]
    public async Task A_cursor_in_the_middle_of_a_record_resumes_at_that_entry()
    {
        await _log.AppendAsync(Batch(0, 1200), 1200);
        await _log.CommitCursorAsync("up", new CursorPosition(1, 700));
        var f = Start(Config(q => q with { MaxSamplesPerSend = 500 }));

        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 500, Wait, "the rest of the record");
        var (_, body) = Assert.Single(_upstream.Requests);
        var first = WireSample.Decode(body)[0].Series;
        Assert.Contains("k=\"700\"", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_5xx_and_network_errors_with_backoff_driven_by_the_time_provider()
    {
        _upstream.Then(HttpStatusCode.ServiceUnavailable);
        _upstream.ThenThrow();
        await _log.AppendAsync(Batch(0, 2), 2);
        var f = Start(Config(q => q with { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(4) }));

        await Poll.UntilAsync(() => _upstream.Requests.Count == 1, Wait, "first attempt");
        // The state and the error are two fields written one after the other: wait for both.
        await Poll.UntilAsync(() => f.GetStatus() is { State: UpstreamState.Retrying, LastError: not null }, Wait, "retrying state");
        Assert.Contains("503", f.GetStatus().LastError, StringComparison.Ordinal);

        // Each backoff is armed a moment after the failure shows: advanced before that, the clock would not reach it.
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(1)) == 1, Wait, "the first backoff (1 s) armed");
        _time.Advance(TimeSpan.FromMilliseconds(400)); // below the minimum jittered delay (b/2 = 500 ms)
        await Task.Delay(100);
        Assert.Single(_upstream.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => _upstream.Requests.Count == 2, Wait, "second attempt");
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(2)) == 1, Wait, "the second backoff (2 s) armed");
        _time.Advance(TimeSpan.FromSeconds(2));
        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 2, Wait, "sent after retries");
        Assert.Equal(3, _upstream.Requests.Count);
        Assert.Equal(4, f.GetStatus().SamplesRetried);
        Assert.Null(f.GetStatus().LastError);
    }

    [Fact]
    public async Task Honours_retry_after_on_429_when_retry_on_http_429_is_set()
    {
        _upstream.Then(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(20)));
        await _log.AppendAsync(Batch(0, 1), 1);
        var f = Start(Config(q => q with { RetryOnHttp429 = true }));

        await Poll.UntilAsync(() => f.GetStatus().State == UpstreamState.Retrying, Wait, "retrying after 429");
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(20)) == 1, Wait, "the Retry-After delay armed");
        _time.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(100);
        Assert.Single(_upstream.Requests);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 1, Wait, "sent after Retry-After");
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.UnsupportedMediaType)]
    public async Task Drops_and_counts_non_retryable_4xx_then_continues(HttpStatusCode status)
    {
        _upstream.Then(status);
        await _log.AppendAsync(Batch(0, 4), 4);
        await _log.AppendAsync(Batch(1, 2), 2);
        var f = Start(Config());

        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 2, Wait, "second record sent");
        var s = f.GetStatus();
        Assert.Equal(4, s.SamplesDropped);
        Assert.Equal(4, s.SamplesFailed);
        Assert.Equal(2, _upstream.Requests.Count);
    }

    [Fact]
    public async Task After_a_restart_only_unacknowledged_data_is_sent()
    {
        await _log.AppendAsync(Batch(0, 1), 1);
        await _log.AppendAsync(Batch(1, 1), 1);
        var f = Start(Config());
        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 2, Wait, "first two records");
        await f.DisposeAsync();
        _owned.Remove(f);
        await _log.DisposeAsync();

        _log = OpenLog();
        await _log.AppendAsync(Batch(2, 1), 1);
        _upstream.Requests.Clear();
        var g = Start(Config());
        await Poll.UntilAsync(() => g.GetStatus().SamplesSent == 1, Wait, "third record");
        await Task.Delay(100);
        var (_, body) = Assert.Single(_upstream.Requests);
        Assert.Equal(1_000_002, Assert.Single(WireSample.Decode(body)).TimestampMs);
    }

    [Fact]
    public async Task Basic_auth_is_sent_and_429_without_retry_on_http_429_still_retries_with_backoff()
    {
        _upstream.Then(HttpStatusCode.TooManyRequests, r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(1)));
        await _log.AppendAsync(Batch(0, 1), 1);
        var config = Config(q => q with { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(1) })
            with { BasicAuth = new DualHub.Core.Security.ClientBasicAuth { Username = "u", Password = "p" } };
        var f = Start(config);

        await Poll.UntilAsync(() => f.GetStatus().State == UpstreamState.Retrying, Wait, "retrying after 429");
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(1)) == 1, Wait, "the backoff armed");
        _time.Advance(TimeSpan.FromSeconds(1)); // Retry-After ignored: retry_on_http_429 is off
        await Poll.UntilAsync(() => f.GetStatus().SamplesSent == 1, Wait, "sent on the next backoff");
        var auth = _upstream.Requests.First().Request.Headers.Authorization!;
        Assert.Equal(("Basic", "dTpw"), (auth.Scheme, auth.Parameter));
    }

    [Fact]
    public async Task Data_dropped_by_retention_is_skipped_and_counted_for_the_upstream_that_missed_it()
    {
        await _log.DisposeAsync();
        _log = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "samples.db"), MaxAge = TimeSpan.FromMinutes(10), RetentionInterval = TimeSpan.Zero }, _time);
        _upstream.Then(HttpStatusCode.ServiceUnavailable);
        _upstream.Then(HttpStatusCode.ServiceUnavailable);
        await _log.AppendAsync(Batch(0, 3), 3);
        var f = Start(Config(q => q with { MinBackoff = TimeSpan.FromMinutes(8), MaxBackoff = TimeSpan.FromMinutes(8) }));
        await Poll.UntilAsync(() => f.GetStatus().State == UpstreamState.Retrying, Wait, "retrying");
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromMinutes(8)) == 1, Wait, "the first backoff armed");

        _time.Advance(TimeSpan.FromMinutes(11));
        await Poll.UntilAsync(() => _upstream.Requests.Count == 2, Wait, "second failed attempt");
        await _log.AppendAsync(Batch(1, 2), 2); // retention drops record 1 (older than 10 min)
        await Poll.UntilAsync(() => f.GetStatus().SamplesDroppedByRetention == 3, Wait, "retention drop counted");
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromMinutes(8)) == 2, Wait, "the second backoff armed");
        _time.Advance(TimeSpan.FromMinutes(8));

        // The retried request still carries record 1 (it is in memory); record 2 follows.
        await Poll.UntilAsync(() => f.GetStatus().PendingSamples == 0 && _upstream.Requests.Count == 4, Wait, "caught up");
        Assert.Equal([1_000_000L, 1_000_000L, 1_000_000L, 1_000_001L], _upstream.Requests.Select(r => WireSample.Decode(r.Body)[0].TimestampMs));
    }

    [Fact]
    public async Task A_hung_upstream_does_not_stall_another()
    {
        using var hung = new FakeUpstream { Hang = new TaskCompletionSource() };
        await _log.AppendAsync(Batch(0, 5), 5);
        var stuck = RemoteWriteSender.Upstream(Config(name: "stuck"), _log, hung, _time);
        _owned.Add(stuck);
        stuck.Start();
        var ok = Start(Config(name: "ok"));
        await Poll.UntilAsync(() => ok.GetStatus().SamplesSent == 5, Wait, "healthy upstream delivered");
        await _log.AppendAsync(Batch(1, 5), 5);
        await Poll.UntilAsync(() => ok.GetStatus().SamplesSent == 10, Wait, "healthy upstream keeps delivering");

        Assert.Equal(10, stuck.GetStatus().PendingSamples);
        Assert.Equal(0, ok.GetStatus().PendingSamples);
        Assert.Equal(2, _log.Read(0, 10, long.MaxValue).Count); // retained for the stuck upstream
        hung.Hang.SetResult();
    }

    [Fact]
    public async Task Status_reports_pending_samples_and_lag()
    {
        _upstream.Then(HttpStatusCode.InternalServerError);
        await _log.AppendAsync(Batch(0, 7), 7);
        var f = Start(Config(q => q with { MinBackoff = TimeSpan.FromMinutes(1), MaxBackoff = TimeSpan.FromMinutes(1) }));
        await Poll.UntilAsync(() => f.GetStatus().State == UpstreamState.Retrying, Wait, "retrying");
        _time.Advance(TimeSpan.FromSeconds(20));

        var s = f.GetStatus();
        Assert.Equal(7, s.PendingSamples);
        Assert.Equal(1, s.PendingRecords);
        Assert.InRange(s.LagSeconds, 19.9, 20.1);
        Assert.Equal("http://upstream.test/api/v1/write", s.Url);
    }

    private JournalUpstream Start(RemoteWriteConfig config)
    {
        var f = RemoteWriteSender.Upstream(config, _log, _upstream, _time, jitter: () => 1.0);
        _owned.Add(f);
        f.Start();
        return f;
    }

    private static RemoteWriteConfig Config(Func<QueueConfig, QueueConfig>? queue = null, string name = "up") => new()
    {
        Url = new Uri("http://upstream.test/api/v1/write"),
        Name = name,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Scope-OrgID"] = "edge" },
        QueueConfig = queue?.Invoke(new QueueConfig()) ?? new QueueConfig(),
    };

    private SqliteSampleLog OpenLog() =>
        SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "samples.db") }, _time);
}
