using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.SampleJournal;

public sealed class SqliteSampleLogTests : IDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Append_returns_increasing_sequences_after_commit_and_read_returns_them_in_order()
    {
        await using var log = Open();
        var tasks = Enumerable.Range(0, 200).Select(i => log.AppendAsync(Batch(i, 3), 3).AsTask()).ToArray();
        var seqs = await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), seqs.Order());
        Assert.Equal(200, log.LastSequence);
        var records = log.Read(1, 1000, long.MaxValue);
        Assert.Equal(200, records.Count);
        Assert.All(records, r => Assert.Equal(3, r.SampleCount));
        Assert.Equal((200L, 600L), (log.Pending(1).Records, log.Pending(1).Samples));
    }

    [Fact]
    public async Task Records_and_cursors_survive_reopen_and_sequences_never_repeat()
    {
        await using (var log = Open())
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(Batch(i, 1), 1);
            }

            Assert.Equal(new CursorPosition(0, 0), log.GetCursor("central"));
            await log.CommitCursorAsync("central", new CursorPosition(4, 0));
        }

        await using (var log = Open())
        {
            Assert.Equal(new CursorPosition(4, 0), log.GetCursor("central"));
            var rest = log.Read(4, 10, long.MaxValue);
            Assert.Equal([4L, 5L], rest.Select(r => r.Sequence));
            Assert.Equal(4, Assert.Single(WireSample.Decode(rest[0].Data)).TimestampMs - 1_000_000 + 1);
            await log.CommitCursorAsync("central", new CursorPosition(7, 0));
            _time.Advance(TimeSpan.FromMinutes(1));
            await log.AppendAsync(Batch(9, 1), 1); // retention runs after this commit and deletes acknowledged records
            await Poll.UntilAsync(() => log.Read(0, 10, long.MaxValue).Count == 0, TimeSpan.FromSeconds(10), "all records deleted");
            Assert.Equal(6, log.LastSequence);
        }

        await using (var log = Open())
        {
            Assert.Equal(6, log.LastSequence);
            Assert.Equal(7, await log.AppendAsync(Batch(10, 1), 1));
        }
    }

    [Fact]
    public async Task Acknowledged_records_are_deleted_without_counting_drops()
    {
        await using var log = Open();
        log.GetCursor("a");
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync(Batch(i, 2), 2);
        }

        await log.CommitCursorAsync("a", new CursorPosition(3, 0));
        await log.AppendAsync(Batch(3, 2), 2);
        await Poll.UntilAsync(() => log.Read(0, 10, long.MaxValue).Count == 2, TimeSpan.FromSeconds(10), "acknowledged records deleted");

        Assert.Equal([3L, 4L], log.Read(0, 10, long.MaxValue).Select(r => r.Sequence));
        Assert.Equal(0, log.DroppedSamples("a"));
    }

    [Fact]
    public async Task Age_retention_drops_only_old_unsent_records_and_counts_them_per_upstream()
    {
        await using var log = Open(o => o with { MaxAge = TimeSpan.FromHours(1) });
        log.GetCursor("slow");
        log.GetCursor("fast");
        await log.AppendAsync(Batch(0, 10), 10);
        await log.AppendAsync(Batch(1, 10), 10);
        await log.CommitCursorAsync("fast", new CursorPosition(3, 0));
        _time.Advance(TimeSpan.FromMinutes(59));
        await log.AppendAsync(Batch(2, 10), 10);
        Assert.Equal(0, log.DroppedSamples("slow"));

        _time.Advance(TimeSpan.FromMinutes(2));
        await log.AppendAsync(Batch(3, 10), 10);

        await Poll.UntilAsync(() => log.DroppedSamples("slow") == 20, TimeSpan.FromSeconds(10), "age drops counted");
        Assert.Equal(0, log.DroppedSamples("fast"));
        Assert.Equal([3L, 4L], log.Read(0, 10, long.MaxValue).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Size_retention_drops_the_oldest_unsent_records_and_counts_them()
    {
        await using var log = Open(o => o with { MaxBytes = 1 << 20 });
        log.GetCursor("down");
        var big = new byte[300_000];
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(big, 7);
        }

        await Poll.UntilAsync(() => log.DroppedSamples("down") == 14, TimeSpan.FromSeconds(10), "size drops counted");
        Assert.True(log.RetainedBytes <= 1 << 20, $"retained {log.RetainedBytes}");
        Assert.Equal([3L, 4L, 5L], log.Read(0, 10, long.MaxValue).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Wait_for_sequence_completes_on_commit()
    {
        await using var log = Open();
        var wait = log.WaitForSequenceAsync(1, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        await log.AppendAsync(Batch(0, 1), 1);
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private SqliteSampleLog Open(Func<SampleLogOptions, SampleLogOptions>? configure = null)
    {
        var o = new SampleLogOptions { Path = Path.Combine(_dir, "samples.db"), RetentionInterval = TimeSpan.Zero };
        return SqliteSampleLog.Open(configure?.Invoke(o) ?? o, _time);
    }

    private static byte[] Batch(int i, int samples)
    {
        using var b = new SampleBatchBuilder();
        for (var k = 0; k < samples; k++)
        {
            b.Add("m", [new Label("k", k.ToString(System.Globalization.CultureInfo.InvariantCulture))], 1_000_000 + i, i);
        }

        return b.Written.ToArray();
    }
}
