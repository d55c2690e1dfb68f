using System.Buffers;
using System.Text.Json;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.Receive;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;
using Snappier;

namespace DualHub.Hub.Tests.CentralIngest;

/// <summary>The central filter: only samples newer than the view reach the journal, whichever path and however often.</summary>
public sealed class CentralIngestJournalTests : IAsyncLifetime, IDisposable
{
    private const long T = 1_700_000_000_000;
    private readonly string _dir = TempDir.Create();
    private SqliteSampleLog _log = null!;
    private CentralIngestJournal _central = null!;

    public Task InitializeAsync()
    {
        _log = Open();
        _central = new CentralIngestJournal(_log, new LatestSampleStore());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        await _log.DisposeAsync();
    }

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Newer_samples_are_journaled_duplicates_and_older_ones_are_dropped_and_counted()
    {
        await _central.AppendNewerAsync(Batch(("m", "a", T + 10, 1)), IngestPath.Http);
        var (_, dup) = await _central.AppendNewerAsync(Batch(("m", "a", T + 10, 1)), IngestPath.Nats);
        var (_, older) = await _central.AppendNewerAsync(Batch(("m", "a", T + 5, 9)), IngestPath.Nats);
        var (_, newer) = await _central.AppendNewerAsync(Batch(("m", "a", T + 20, 2)), IngestPath.Http);

        Assert.Equal(new IngestCounts(0, 1, 0, 0), dup);
        Assert.Equal(new IngestCounts(0, 0, 1, 0), older);
        Assert.Equal(new IngestCounts(1, 0, 0, 0), newer);
        Assert.Equal([T + 10, T + 20], Journaled().Select(s => s.TimestampMs));
        Assert.Equal((2L, 0L, 0L, 0L), _central.Counts(IngestPath.Http));
        Assert.Equal((0L, 1L, 1L, 0L), _central.Counts(IngestPath.Nats));
        Assert.Equal(2, _log.LastSequence);
    }

    [Fact]
    public async Task A_sample_at_the_held_timestamp_with_another_value_is_a_conflict_dropped_and_counted_not_a_duplicate()
    {
        await _central.AppendNewerAsync(Batch(("m", "a", T + 10, 1)), IngestPath.Http);
        var (_, conflict) = await _central.AppendNewerAsync(Batch(("m", "a", T + 10, 2)), IngestPath.Http);
        var (_, inBatch) = await _central.AppendNewerAsync(Request(("m", "b", [(T, 1.0), (T, 2.0), (T, 2.0)])), IngestPath.Nats);

        Assert.Equal(new IngestCounts(0, 0, 0, 1), conflict);
        Assert.Equal(new IngestCounts(1, 0, 0, 2), inBatch);
        Assert.Equal((1L, 0L, 0L, 1L), _central.Counts(IngestPath.Http));
        Assert.Equal((1L, 0L, 0L, 2L), _central.Counts(IngestPath.Nats));
        Assert.Equal([1.0, 1.0], Journaled().Select(s => s.Value));
    }

    [Fact]
    public async Task Stale_marker_at_a_newer_timestamp_is_kept_with_its_exact_bits_and_a_repeat_of_it_is_a_duplicate()
    {
        await _central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Http);
        await _central.AppendNewerAsync(Batch(("m", "a", T + 1, StaleMarker.Value)), IngestPath.Http);
        var (_, again) = await _central.AppendNewerAsync(Batch(("m", "a", T + 1, StaleMarker.Value)), IngestPath.Nats);

        Assert.Equal(new IngestCounts(0, 1, 0, 0), again);
        var last = Journaled()[^1];
        Assert.Equal((T + 1, BitConverter.DoubleToInt64Bits(StaleMarker.Value)), (last.TimestampMs, last.ValueBits));
    }

    [Fact]
    public async Task A_batch_overlapping_the_view_keeps_only_the_newer_samples_of_each_series_in_order()
    {
        await _central.AppendNewerAsync(Batch(("m", "b", T + 10, 0)), IngestPath.Http);

        // a: new (before the first drop, copied as is); b: 5 older, 10 a conflict (the view holds 0 at 10), 15 and 20 newer; c: new.
        var body = Request(
            ("m", "a", [(T + 1, 1.0)]),
            ("m", "b", [(T + 5, 5.0), (T + 10, 10.0), (T + 15, 15.0), (T + 20, 20.0)]),
            ("m", "c", [(T + 2, 2.0)]));
        var (_, counts) = await _central.AppendNewerAsync(body, IngestPath.Http);

        Assert.Equal(new IngestCounts(4, 0, 1, 1), counts);
        var record = _log.Read(2, 1, long.MaxValue).Single();
        Assert.Equal(4, record.SampleCount);
        Assert.Equal(
            ["{__name__=\"m\",k=\"a\"}@1", "{__name__=\"m\",k=\"b\"}@15", "{__name__=\"m\",k=\"b\"}@20", "{__name__=\"m\",k=\"c\"}@2"],
            WireSample.Decode(record.Payload).Select(s => $"{s.Series}@{s.TimestampMs - T}"));
    }

    [Fact]
    public async Task A_batch_with_nothing_newer_journals_nothing_and_one_with_everything_newer_is_journaled_byte_for_byte()
    {
        var body = Request(("m", "a", [(T, 1.0), (T + 1, 2.0)]), ("m", "b", [(T, 3.0)]));
        await _central.AppendNewerAsync(body, IngestPath.Http);
        var (sequence, counts) = await _central.AppendNewerAsync(body, IngestPath.Nats);

        Assert.Equal(new IngestCounts(0, 2, 1, 0), counts);
        Assert.Equal(1, sequence);
        Assert.Equal(body, _log.Read(1, 1, long.MaxValue).Single().Payload.ToArray());
    }

    [Fact]
    public async Task Same_backlog_over_HTTP_and_NATS_at_once_is_journaled_once_in_order()
    {
        const int Batches = 300;
        const int Series = 20;
        var requests = Enumerable.Range(0, Batches)
            .Select(b => Snappy.CompressToArray(Batch([.. Enumerable.Range(0, Series).Select(s => ("m", s.ToString(System.Globalization.CultureInfo.InvariantCulture), T + b, (double)b))])))
            .ToArray();
        var http = new RemoteWriteReceiver(_central, IngestPath.Http);
        var nats = new RemoteWriteReceiver(_central, IngestPath.Nats);

        // Each path delivers the whole backlog in order, concurrently with the other (as EdgeHub does in `dualhub up`).
        async Task DeliverAsync(RemoteWriteReceiver r)
        {
            await Task.Yield();
            foreach (var body in requests)
            {
                var result = await r.ReceiveAsync(body, CancellationToken.None);
                Assert.Equal(204, result.StatusCode);
            }
        }

        await Task.WhenAll(Task.Run(() => DeliverAsync(http)), Task.Run(() => DeliverAsync(nats)));

        var samples = Journaled();
        Assert.Equal(Batches * Series, samples.Count);
        Assert.Equal(Batches * Series, samples.Distinct().Count());
        foreach (var series in samples.GroupBy(s => s.Series))
        {
            Assert.Equal(Enumerable.Range(0, Batches).Select(b => T + b), series.Select(s => s.TimestampMs));
        }

        var (h, n) = (_central.Counts(IngestPath.Http), _central.Counts(IngestPath.Nats));
        Assert.Equal(Batches * Series, h.Journaled + n.Journaled);
        // The path that falls behind finds its samples already held (same timestamp) or superseded (older): dropped, not journaled.
        Assert.Equal(Batches * Series, h.Duplicates + n.Duplicates + h.OutOfOrder + n.OutOfOrder);
    }

    [Fact]
    public async Task The_same_batch_from_both_paths_at_the_same_moment_is_journaled_once()
    {
        var http = new RemoteWriteReceiver(_central, IngestPath.Http);
        var nats = new RemoteWriteReceiver(_central, IngestPath.Nats);
        for (var i = 0; i < 100; i++)
        {
            var body = Snappy.CompressToArray(Batch(("m", "a", T + i, i), ("m", "b", T + i, i)));
            using var start = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return http.ReceiveAsync(body, CancellationToken.None); }),
                Task.Run(() => { start.SignalAndWait(); return nats.ReceiveAsync(body, CancellationToken.None); }));
            Assert.All(results, r => Assert.Equal(204, r.StatusCode));
        }

        Assert.Equal(200, Journaled().Count);
        var (h, n) = (_central.Counts(IngestPath.Http), _central.Counts(IngestPath.Nats));
        Assert.Equal((200L, 200L, 0L), (h.Journaled + n.Journaled, h.Duplicates + n.Duplicates, h.OutOfOrder + n.OutOfOrder));
    }

    [Fact]
    public async Task After_a_restart_the_view_is_rebuilt_from_the_journal_and_the_filter_still_holds()
    {
        await _central.AppendNewerAsync(Batch(("m", "a", T + 10, 1)), IngestPath.Http);
        await _log.DisposeAsync();

        _log = Open();
        var view = new LatestSampleStore();
        _central = new CentralIngestJournal(_log, view);
        Assert.Equal(1, _central.RebuildView());
        Assert.Equal(1, view.Count);
        var (_, counts) = await _central.AppendNewerAsync(Batch(("m", "a", T + 10, 1), ("m", "a", T + 11, 2)), IngestPath.Nats);

        Assert.Equal(new IngestCounts(1, 1, 0, 0), counts);
        Assert.Equal([T + 10, T + 11], Journaled().Select(s => s.TimestampMs));
    }

    [Fact]
    public async Task A_label_written_value_first_is_the_same_series_after_a_restart()
    {
        // Label { value = 2; name = 1 } (field order is free in protobuf): the live filter and the rebuild must key it alike.
        byte[] body = [0x0A, 0x1C, 0x0A, 0x0D, 0x12, 0x01, 0x6D, 0x0A, 0x08, .. "__name__"u8, 0x12, 0x0B, 0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x10, 0x05];
        await _central.AppendNewerAsync(body, IngestPath.Http);
        await _log.DisposeAsync();
        _log = Open();
        _central = new CentralIngestJournal(_log, new LatestSampleStore());
        _central.RebuildView();

        var (_, counts) = await _central.AppendNewerAsync(body, IngestPath.Nats);

        Assert.Equal(new IngestCounts(0, 1, 0, 0), counts);
        var only = Assert.Single(Journaled());
        Assert.Equal(("{__name__=\"m\"}", 5L, 1.0), (only.Series, only.TimestampMs, only.Value));
    }

    [Fact]
    public async Task A_failed_journal_append_does_not_turn_the_retry_into_a_dropped_duplicate()
    {
        var failing = new FailingLog(_log);
        var central = new CentralIngestJournal(failing, new LatestSampleStore());
        failing.FailNext = true;
        await Assert.ThrowsAsync<IOException>(async () => await central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Http));

        var (_, counts) = await central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Http);

        Assert.Equal(new IngestCounts(1, 0, 0, 0), counts);
        Assert.Equal([T], Journaled().Select(s => s.TimestampMs));
        await central.DisposeAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_duplicate_of_a_batch_still_committing_is_acknowledged_only_after_that_commit(bool commits)
    {
        var log = new FailingLog(_log);
        var central = new CentralIngestJournal(log, new LatestSampleStore());
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        log.HoldNext = hold;
        var first = central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Http).AsTask();
        var second = central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Nats).AsTask();

        // The second is all duplicates of the first, whose commit has not happened: no acknowledgement yet. (Filtering
        // runs synchronously with the call, the gate being free: an acknowledgement would be complete already.)
        Assert.False(second.IsCompleted, "a duplicate was acknowledged before the commit of the samples it duplicates");

        hold.SetResult(commits);
        if (commits)
        {
            Assert.Equal(new IngestCounts(0, 1, 0, 0), (await second).Counts);
            await first;
        }
        else
        {
            await Assert.ThrowsAsync<IOException>(() => first);
            await Assert.ThrowsAsync<IOException>(() => second);

            // Sent again, it is journaled: nothing was lost.
            Assert.Equal(1, (await central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Nats)).Counts.Kept);
        }

        Assert.Equal([T], Journaled().Select(s => s.TimestampMs));
        await central.DisposeAsync();
    }

    [Fact]
    public async Task A_multi_record_append_is_filtered_record_by_record_and_a_failed_one_leaves_nothing_behind()
    {
        await _central.AppendNewerAsync(Batch(("m", "a", T + 10, 1)), IngestPath.Http);

        // a duplicate and b new; a older (a record left empty is skipped); c new.
        var records = new TestRecordSource([Batch(("m", "a", T + 10, 1), ("m", "b", T, 1)), Batch(("m", "a", T + 5, 0)), Batch(("m", "c", T, 1))]);
        Assert.Equal(3, await _central.AppendAllAsync(records));
        Assert.Equal(["{__name__=\"m\",k=\"a\"}", "{__name__=\"m\",k=\"b\"}", "{__name__=\"m\",k=\"c\"}"], Journaled().Select(s => s.Series));
        Assert.Equal((2L, 1L, 1L, 0L), _central.Counts(IngestPath.Local));

        // The first record passed the filter, then the source failed: nothing is journaled, and the view forgets d again.
        var failing = new TestRecordSource([Batch(("m", "d", T, 1)), Batch(("m", "e", T, 1))]) { FailAt = 1 };
        await Assert.ThrowsAsync<InvalidDataException>(async () => await _central.AppendAllAsync(failing));
        Assert.Equal(3, _log.LastSequence);
        var (_, retried) = await _central.AppendNewerAsync(Batch(("m", "d", T, 1)), IngestPath.Http);
        Assert.Equal(new IngestCounts(1, 0, 0, 0), retried);
    }

    [Fact]
    public async Task Dropped_samples_are_exposed_per_path_on_metrics_and_health()
    {
        await _central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Http);
        await _central.AppendNewerAsync(Batch(("m", "a", T, 1)), IngestPath.Nats);

        var dropped = CentralIngestMetrics.Collect(_central).Single(f => f.Name == "dualhub_central_samples_dropped_total");
        Assert.Equal(1, dropped.Metrics.Single(m => m.Labels.SequenceEqual([new Label("path", "nats"), new Label("reason", "duplicate")])).Value);
        Assert.Equal(0, dropped.Metrics.Single(m => m.Labels.SequenceEqual([new Label("path", "http"), new Label("reason", "duplicate")])).Value);

        var json = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            CentralIngestMetrics.WriteHealth(w, _central);
            w.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(json.WrittenMemory);
        var ingest = doc.RootElement.GetProperty("central_ingest");
        Assert.Equal(1, ingest.GetProperty("http").GetProperty("journaled").GetInt64());
        Assert.Equal(1, ingest.GetProperty("nats").GetProperty("duplicates").GetInt64());
        Assert.Equal(0, ingest.GetProperty("nats").GetProperty("out_of_order").GetInt64());
    }

    private SqliteSampleLog Open() => SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "s.db") }, new FakeTimeProvider());

    private List<WireSample> Journaled() => [.. _log.Read(0, 100_000, long.MaxValue).SelectMany(r => WireSample.Decode(r.Payload))];

    private static byte[] Batch(params (string Name, string K, long Ts, double V)[] samples)
    {
        using var b = new SampleBatchBuilder();
        foreach (var s in samples)
        {
            b.Add(s.Name, [new Label("k", s.K)], s.Ts, s.V);
        }

        return b.Written.ToArray();
    }

    /// <summary>A WriteRequest with several samples per series (the builder writes one per series).</summary>
    private static byte[] Request(params (string Name, string K, (long Ts, double V)[] Samples)[] series)
    {
        var request = new WriteRequest();
        foreach (var (name, k, samples) in series)
        {
            request.Series.Add(new TimeSeries { Labels = [new Label("__name__", name), new Label("k", k)], Samples = [.. samples.Select(s => new Sample(s.V, s.Ts))] });
        }

        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.Encode(request, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A journal whose next append fails (as a full disk would), otherwise the real one.</summary>
    private sealed class FailingLog(ISampleLog inner) : DelegatingSampleLog(inner)
    {
        public bool FailNext { get; set; }

        /// <summary>When set, the next append waits for it: true commits, false fails.</summary>
        public TaskCompletionSource<bool>? HoldNext { get; set; }

        public override ValueTask<long> AppendAsync(ReadOnlyMemory<byte> writeRequest, int sampleCount, CancellationToken cancellationToken = default)
        {
            if (FailNext)
            {
                FailNext = false;
                return ValueTask.FromException<long>(new IOException("disk full"));
            }

            if (HoldNext is { } hold)
            {
                HoldNext = null;
                var copy = writeRequest.ToArray();
                return new ValueTask<long>(CommitWhenReleasedAsync(hold, copy, sampleCount));
            }

            return Inner.AppendAsync(writeRequest, sampleCount, cancellationToken);
        }

        private async Task<long> CommitWhenReleasedAsync(TaskCompletionSource<bool> hold, byte[] writeRequest, int sampleCount) =>
            await hold.Task ? await Inner.AppendAsync(writeRequest, sampleCount) : throw new IOException("disk full");
    }
}
