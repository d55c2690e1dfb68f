using DualHub.Hub.SampleJournal;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.SampleJournal;

/// <summary>
/// <see cref="ISampleLog.AppendAllAsync"/>: the records of one source (a large scrape) are in the journal all together
/// or not at all, with consecutive sequences, while other appends keep sharing commits with them.
/// </summary>
public sealed class AtomicAppendTests : IDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    private string DbPath => Path.Combine(_dir, "samples.db");

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Records_of_one_source_get_consecutive_sequences_among_concurrent_appends_and_survive_reopen()
    {
        var parts = Records(4, 100_000, seed: 1);
        var singles = Records(50, 1000, seed: 2);
        long last;
        await using (var log = Open())
        {
            await log.AppendAsync(singles[0], 1);
            var others = singles.Skip(1).Select(r => log.AppendAsync(r, 1).AsTask()).ToList();
            var all = log.AppendAllAsync(new TestRecordSource(parts, samplesPerRecord: 7)).AsTask();
            others.AddRange(singles.Skip(1).Select(r => log.AppendAsync(r, 1).AsTask()));
            last = await all;
            await Task.WhenAll(others);

            Assert.Equal(1 + 98 + 4, log.LastSequence);
            AssertScrapeWhole(log, parts, last);
        }

        await using (var reopened = Open())
        {
            Assert.Equal(1 + 98 + 4, reopened.LastSequence);
            Assert.Equal(Enumerable.Range(1, 103).Select(i => (long)i), reopened.Read(0, 1000, long.MaxValue).Select(r => r.Sequence));
            AssertScrapeWhole(reopened, parts, last);
            Assert.Equal(28, reopened.Pending(last - 3).Samples - (reopened.LastSequence - last));
        }
    }

    [Fact]
    public async Task A_source_failing_between_records_takes_back_only_its_own_and_its_group_still_commits_in_one_transaction()
    {
        await using var log = Open();
        using var release = new SemaphoreSlim(0);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = log.AppendAllAsync(new TestRecordSource(Records(1, 10, seed: 3))
        {
            BeforeRecord = _ =>
            {
                // Holds the writer, so everything below is queued and drained into one group.
                entered.TrySetResult();
                release.Wait(TimeSpan.FromSeconds(30));
            },
        }).AsTask();
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var before = Records(1, 500, seed: 4)[0];
        var after = Records(1, 500, seed: 5)[0];
        var x = log.AppendAsync(before, 1).AsTask();
        var failing = log.AppendAllAsync(new TestRecordSource(Records(3, 200_000, seed: 6)) { FailAt = 2 }).AsTask();
        var y = log.AppendAsync(after, 1).AsTask();
        var cursor = log.CommitCursorAsync("central", new CursorPosition(1, 0)).AsTask();
        var commits = log.Commits;
        release.Release();

        Assert.Equal(1, await blocker);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => failing);
        Assert.Equal("record 2 failed", error.Message);
        Assert.Equal(2, await x);
        Assert.Equal(3, await y); // the failed source's two inserted records left no gap
        await cursor;
        Assert.Equal(commits + 2, log.Commits); // the blocker's commit, then one for x, y, the cursor (and the rollback)
        Assert.Equal(new CursorPosition(1, 0), log.GetCursor("central"));

        var records = log.Read(0, 100, long.MaxValue);
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Sequence));
        Assert.Equal(before, records[1].Payload.ToArray());
        Assert.Equal(after, records[2].Payload.ToArray());
        Assert.Equal((3L, 3L), (log.Pending(0).Records, log.Pending(0).Samples));
        Assert.Equal(4, await log.AppendAsync(before, 1));
    }

    [Fact]
    public async Task A_crash_between_records_of_one_source_leaves_none_of_them_and_readers_never_see_a_part()
    {
        var first = Records(1, 1000, seed: 7)[0];
        var parts = Records(3, 1_500_000, seed: 8);
        var snapshot = Path.Combine(_dir, "crash");
        Directory.CreateDirectory(snapshot);
        long walBytes = 0;
        (long Last, int Read, bool Info, long Pending) seenMidway = default;
        await using (var log = Open())
        {
            Assert.Equal(1, await log.AppendAsync(first, 1));
            var source = new TestRecordSource(parts)
            {
                BeforeRecord = i =>
                {
                    if (i != 2)
                    {
                        return;
                    }

                    // Two records are inserted but not committed: this is what kill -9 or power loss (with the WAL
                    // fsynced up to here) leaves on disk. The writer is inside the source, so nothing writes meanwhile.
                    File.Copy(DbPath, Path.Combine(snapshot, "samples.db"));
                    File.Copy(DbPath + "-wal", Path.Combine(snapshot, "samples.db-wal"));
                    walBytes = new FileInfo(DbPath + "-wal").Length;
                    seenMidway = (log.LastSequence, log.Read(0, 10, long.MaxValue).Count, log.ReadInfo(2) is not null, log.Pending(0).Records);
                },
            };
            Assert.Equal(4, await log.AppendAllAsync(source));
            AssertScrapeWhole(log, parts, 4);
        }

        // The writer's page cache holds 1 MiB: the rest of the inserted 3 MB was already spilled to the WAL, uncommitted.
        Assert.True(walBytes > 1_500_000, $"the inserted records reached the WAL before the commit ({walBytes} bytes)");
        Assert.Equal((1L, 1, false, 1L), seenMidway);

        await using (var crashed = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(snapshot, "samples.db") }, _time))
        {
            Assert.Equal(1, crashed.LastSequence);
            var record = Assert.Single(crashed.Read(0, 10, long.MaxValue));
            Assert.Equal(first, record.Payload.ToArray());
            Assert.Equal(2, await crashed.AppendAsync(first, 1));
        }

        await using (var reopened = Open())
        {
            AssertScrapeWhole(reopened, parts, 4);
        }
    }

    [Fact]
    public async Task A_source_with_no_records_commits_nothing_and_returns_the_last_sequence()
    {
        await using var log = Open();
        await log.AppendAsync(Records(1, 10, seed: 9)[0], 1);
        Assert.Equal(1, await log.AppendAllAsync(new TestRecordSource([])));
        Assert.Single(log.Read(0, 10, long.MaxValue));
    }

    private static void AssertScrapeWhole(SqliteSampleLog log, List<byte[]> parts, long last)
    {
        var records = log.Read(last - parts.Count + 1, parts.Count, long.MaxValue);
        Assert.Equal(Enumerable.Range(0, parts.Count).Select(i => last - parts.Count + 1 + i), records.Select(r => r.Sequence));
        for (var i = 0; i < parts.Count; i++)
        {
            Assert.Equal(parts[i], records[i].Payload.ToArray());
        }
    }

    private static List<byte[]> Records(int count, int bytes, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var r = new byte[bytes - (i * 7)];
            random.NextBytes(r);
            return r;
        })];
    }

    private SqliteSampleLog Open() => SqliteSampleLog.Open(new SampleLogOptions { Path = DbPath, RetentionInterval = TimeSpan.FromHours(1) }, _time);
}
