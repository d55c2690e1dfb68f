using DualHub.Hub.Backbone;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Metrics.RemoteWrite;
using DualHub.Nats.Messaging;
using DualHub.Testing;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Snappier;
using static DualHub.Hub.Tests.Upstreams.JournalBatches;

namespace DualHub.Hub.Tests.Upstreams;

/// <summary>The NATS sender's own rules, run by the journal upstream.</summary>
public sealed partial class JournalUpstreamTests
{
    [Fact]
    public async Task A_rejected_message_is_dropped_and_a_failed_publish_is_retried_with_the_same_msg_id()
    {
        _nats.Then(() => throw new NatsJSApiException(new ApiError { Code = 400, Description = "bad message" }));
        _nats.Then(() => throw new TimeoutException("no ack"));
        _nats.Then(() => new NatsPublishResult("s", 1, Duplicate: true, 1));
        await _log.AppendAsync(Batch(1, 3), 3);
        await _log.AppendAsync(Batch(2, 2), 2);
        var (upstream, sender) = StartNats();

        await Poll.UntilAsync(() => new NatsPublishStatus(upstream.GetStatus(), 0) is { State: "retrying", Failures: 1 }, Wait, "retrying");
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromSeconds(1)) == 1, Wait, "the backoff armed");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => upstream.GetStatus().PendingSamples == 0, Wait, "record 2 published");

        Assert.Equal(["pc2-1", "pc2-2", "pc2-2"], _nats.Published.Select(p => p.MsgId));
        Assert.All(_nats.Published, p => Assert.Equal("observability.metrics.pc2", p.Subject));
        var s = new NatsPublishStatus(upstream.GetStatus(), sender.Duplicates);
        Assert.Equal((3L, 2L, 1L, 1L, 1L), (s.SamplesDropped, s.SamplesPublished, s.MessagesPublished, s.Failures, s.Duplicates));
        Assert.Equal([1, 5, 2, 3], _logger.Lines.Select(l => l.Id.Id));
        Assert.Contains(_logger.Lines, l => l.Message == "NATS publish of record 2 (msg id pc2-2) failed, retrying in 1000 ms: no ack");
    }

    [Fact]
    public async Task A_cursor_inside_a_record_publishes_the_rest_of_the_same_split()
    {
        var record = Batch(1, 400);
        var chunks = new List<(int Start, int End, int NextEntry, int Samples)>();
        RemoteWriteEntries.Split(record, 4096, chunks);
        Assert.True(chunks.Count >= 3, $"{chunks.Count} messages");
        await _log.AppendAsync(record, 400);
        await _log.CommitCursorAsync("nats:pc2", new CursorPosition(1, chunks[0].NextEntry));

        var (upstream, _) = StartNats(maxMessageBytes: 4096);

        await Poll.UntilAsync(() => upstream.GetStatus().PendingSamples == 0, Wait, "the rest of the record");
        Assert.Equal(chunks.SkipLast(1).Select(c => $"pc2-1-{c.NextEntry}"), _nats.Published.Select(p => p.MsgId));
        var first = WireSample.Decode(Snappy.DecompressToArray(_nats.Published.First().Body))[0].Series;
        Assert.Contains($"k=\"{chunks[0].NextEntry}\"", first, StringComparison.Ordinal);
        Assert.Equal(400 - chunks[0].Samples, upstream.GetStatus().SamplesSent);
    }
}
