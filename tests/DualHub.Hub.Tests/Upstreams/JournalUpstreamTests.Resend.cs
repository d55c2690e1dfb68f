using DualHub.Hub.SampleJournal;
using DualHub.Testing;
using static DualHub.Hub.Tests.Upstreams.JournalBatches;

namespace DualHub.Hub.Tests.Upstreams;

/// <summary>The resend window: what a store acknowledged just before a failure is sent again, and kept until then.</summary>
public sealed partial class JournalUpstreamTests
{
    [Fact]
    public async Task A_failure_sends_again_what_was_acknowledged_within_the_resend_window_and_the_journal_keeps_it_until_then()
    {
        await _log.AppendAsync(Batch(1, 1), 1);
        await _log.AppendAsync(Batch(2, 1), 1);
        var upstream = StartRemoteWrite(_log, TimeSpan.FromSeconds(5));
        await Poll.UntilAsync(() => upstream.GetStatus().SamplesSent == 2, Wait, "both records sent");
        // Acknowledged, but within the window: the committed cursor stays at the first, so the journal keeps both.
        Assert.Equal(new CursorPosition(1, 0), _log.GetCursor("up"));
        Assert.Equal(0, upstream.GetStatus().PendingSamples);

        _http.ThenThrow();
        await _log.AppendAsync(Batch(3, 1), 1);
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(1)) == 1, Wait, "the backoff armed after the failure");
        _time.Advance(TimeSpan.FromSeconds(1));

        // Records 1 and 2 go again before 3: six requests in all, the failed one included.
        await Poll.UntilAsync(() => _http.Requests.Count == 6 && upstream.GetStatus().PendingSamples == 0, Wait, "1, 2 and 3 sent after the failure");
        Assert.Equal(new CursorPosition(1, 0), _log.GetCursor("up"));

        // Once the window has passed, the next delivery commits past everything before it.
        _time.Advance(TimeSpan.FromSeconds(6));
        await _log.AppendAsync(Batch(4, 1), 1);
        await Poll.UntilAsync(() => _log.GetCursor("up") == new CursorPosition(4, 0), Wait, "the cursor committed at record 4, the only one in the window");
        Assert.Equal(7, _http.Requests.Count);
    }

    [Fact]
    public async Task Without_a_resend_window_a_failure_retries_only_the_failed_batch()
    {
        await _log.AppendAsync(Batch(1, 1), 1);
        var upstream = StartRemoteWrite(_log);
        await Poll.UntilAsync(() => _log.GetCursor("up") == new CursorPosition(2, 0), Wait, "record 1 committed at once");

        _http.ThenThrow();
        await _log.AppendAsync(Batch(2, 1), 1);
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(1)) == 1, Wait, "the backoff armed after the failure");
        _time.Advance(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => _log.GetCursor("up") == new CursorPosition(3, 0), Wait, "record 2 committed");
        Assert.Equal(3, _http.Requests.Count);
        Assert.Equal(2, upstream.GetStatus().SamplesSent);
    }
}
