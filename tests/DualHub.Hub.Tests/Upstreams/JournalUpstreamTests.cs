using DualHub.Hub.Backbone;
using DualHub.Core.Retry;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Testing;
using Microsoft.Extensions.Logging;
using static DualHub.Hub.Tests.Upstreams.JournalBatches;

namespace DualHub.Hub.Tests.Upstreams;

/// <summary>What the runner does the same for every sender: cursor, counts, skips, journal errors.</summary>
public sealed partial class JournalUpstreamTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dir = TempDir.Create();
    private readonly TimerRecordingTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly ScriptedPublisher _nats = new();
    private readonly FakeUpstream _http = new();
    private readonly ListLogger _logger = new();
    private readonly SqliteSampleLog _log;
    private JournalUpstream? _upstream;

    public JournalUpstreamTests() =>
        _log = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "samples.db"), MaxAge = TimeSpan.FromMinutes(10), RetentionInterval = TimeSpan.Zero }, _time);

    public Task InitializeAsync() => Task.CompletedTask;

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        await _log.DisposeAsync();
        TempDir.Delete(_dir);
    }

    [Fact]
    public async Task A_nats_status_shows_each_message_either_pending_or_counted_never_both_nor_neither()
    {
        // The runner's one lock now covers the NATS publish too: nothing pending means every message is counted.
        const int Records = 200;
        for (var i = 0; i < Records; i++)
        {
            await _log.AppendAsync(Batch(i, 1), 1);
        }

        var (upstream, sender) = StartNats();
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        NatsPublishStatus s;
        do
        {
            s = new NatsPublishStatus(upstream.GetStatus(), sender.Duplicates);
            Assert.True(s.PendingSamples + s.SamplesPublished == Records, $"pending {s.PendingSamples}, published {s.SamplesPublished}");
            await Task.Yield();
        }
        while (s.SamplesPublished < Records && deadline.Elapsed < Wait);

        Assert.Equal(Records, s.SamplesPublished);
        Assert.Equal(Records, s.MessagesPublished);
    }

    [Fact]
    public async Task Records_dropped_by_retention_are_skipped_and_counted_for_the_cursor_that_missed_them()
    {
        await _log.AppendAsync(Batch(1, 3), 3);
        await _log.CommitCursorAsync("nats:pc2", new CursorPosition(1, 0));
        _time.Advance(TimeSpan.FromMinutes(11));
        await _log.AppendAsync(Batch(2, 2), 2); // retention drops record 1 (older than 10 min)
        await Poll.UntilAsync(() => _log.DroppedSamples("nats:pc2") == 3, Wait, "record 1 dropped by retention");

        var (upstream, _) = StartNats();

        await Poll.UntilAsync(() => _log.GetCursor("nats:pc2") == new CursorPosition(3, 0), Wait, "cursor past record 2");
        Assert.Equal(["pc2-2"], _nats.Published.Select(p => p.MsgId));
        var s = upstream.GetStatus();
        Assert.Equal((3L, 2L, 0L, 0L), (s.SamplesDroppedByRetention, s.SamplesSent, s.SamplesDropped, s.PendingSamples));
    }

    [Fact]
    public async Task A_corrupt_record_is_logged_and_skipped_by_the_nats_publish()
    {
        await AppendWithCorruptSecondAsync();
        var (upstream, _) = StartNats();

        await Poll.UntilAsync(() => _log.GetCursor("nats:pc2") == new CursorPosition(4, 0), Wait, "cursor past record 3");
        Assert.Equal(["pc2-1", "pc2-3"], _nats.Published.Select(p => p.MsgId));
        var line = Assert.Single(_logger.Lines, l => l.Id.Id == 4);
        Assert.Equal((LogLevel.Error, "NATS publish: journal record 2 is corrupt, skipped"), (line.Level, line.Message));
        Assert.Equal((2L, 0L), (upstream.GetStatus().SamplesSent, upstream.GetStatus().PendingSamples));
    }

    [Fact]
    public async Task A_corrupt_record_is_logged_and_skipped_by_remote_write()
    {
        await AppendWithCorruptSecondAsync();
        var upstream = StartRemoteWrite(_log);

        await Poll.UntilAsync(() => _log.GetCursor("up") == new CursorPosition(4, 0), Wait, "cursor past record 3");
        Assert.Equal(2, _http.Requests.Count);
        var line = Assert.Single(_logger.Lines, l => l.Id.Id == 4204);
        Assert.Equal((LogLevel.Error, "Upstream up: journal record 2 is corrupt and was skipped"), (line.Level, line.Message));
        Assert.Equal((2L, 0L), (upstream.GetStatus().SamplesSent, upstream.GetStatus().PendingSamples));
    }

    [Fact]
    public async Task A_journal_error_is_reported_and_retried_after_the_backoff()
    {
        await _log.AppendAsync(Batch(1, 4), 4);
        var upstream = StartRemoteWrite(new FailingReadInfo(_log));

        await Poll.UntilAsync(() => _logger.Lines.Any(l => l.Id.Id == 4205), Wait, "journal error logged");
        Assert.Equal("Upstream up: sample journal error; retrying", _logger.Lines.Single(l => l.Id.Id == 4205).Message);
        Assert.True(upstream.GetStatus() is { State: UpstreamState.Retrying, LastError: "journal: disk gone" }, upstream.GetStatus().ToString());
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(1)) == 1, Wait, "the backoff armed");
        Assert.Empty(_http.Requests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => upstream.GetStatus().SamplesSent == 4, Wait, "sent after the journal recovered");
        Assert.NotEqual(UpstreamState.Retrying, upstream.GetStatus().State);
        Assert.Null(upstream.GetStatus().LastError);
    }

    private async Task AppendWithCorruptSecondAsync()
    {
        await _log.AppendAsync(Batch(1, 1), 1);
        await _log.AppendAsync(new byte[] { 0x0A, 0x05, 0x01 }, 1); // a series of 5 bytes with 1 present
        await _log.AppendAsync(Batch(3, 1), 1);
    }

    private (JournalUpstream Upstream, NatsPublishSender Sender) StartNats(int maxMessageBytes = 768 * 1024)
    {
        var options = new NatsHubOptions { Node = "pc2", Url = "nats://127.0.0.1:1", MaxMessageBytes = maxMessageBytes };
        var sender = new NatsPublishSender(_log, _nats, options, _logger);
        var upstream = new JournalUpstream(_log, sender, new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), equalJitter: true, random: () => 1.0), _time);
        _upstream = upstream;
        upstream.Start();
        return (upstream, sender);
    }

    private JournalUpstream StartRemoteWrite(ISampleLog log, TimeSpan resendWindow = default)
    {
        var config = new RemoteWriteConfig
        {
            Url = new Uri("http://upstream.test/api/v1/write"),
            Name = "up",
            QueueConfig = new QueueConfig { MinBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(1) },
            ResendWindow = resendWindow,
        };
        var upstream = RemoteWriteSender.Upstream(config, log, _http, _time, _logger, () => 1.0);
        _upstream = upstream;
        upstream.Start();
        return upstream;
    }

    /// <summary>The journal's first <c>ReadInfo</c> fails, as on an I/O error.</summary>
    private sealed class FailingReadInfo(ISampleLog inner) : DelegatingSampleLog(inner), ISampleLog
    {
        private int _calls;

        JournalRecordInfo? ISampleLog.ReadInfo(long fromSequence) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new IOException("disk gone") : Inner.ReadInfo(fromSequence);
    }
}
