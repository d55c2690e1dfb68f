using DualHub.Hub.Push.Journal;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static DualHub.Hub.Tests.TestData;

namespace DualHub.Hub.Tests.Push.Store;

public sealed class StoreWriterTests : IDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Acknowledged_writes_are_in_the_journal_before_the_result_completes()
    {
        var store = new PushStore(Self);
        using var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time);
        await using (var writer = new StoreWriter(store, journal, new JournalOptions(), _time, NullLogger.Instance))
        {
            var tasks = Enumerable.Range(0, 200).Select(i => writer.SubmitAsync(Put(Group("job", "w" + (i % 10)), $"v {i}\n", i))).ToList();
            var results = await Task.WhenAll(tasks);
            Assert.All(results, r => Assert.Equal(WriteStatus.Ok, r.Status));

            // Read the journal through a second connection while the writer is still running.
            var copy = new PushStore(Self);
            using var reader = SqliteJournal.Open(_dir, new JournalOptions(), _time);
            reader.LoadInto(copy);
            Assert.Equal(Dump(store), Dump(copy));
            Assert.True(journal.State.TotalCommits < 200, "writes were group-committed");
        }
    }

    [Fact]
    public async Task A_failed_commit_is_undone_and_refused_and_the_next_write_commits()
    {
        var store = new PushStore(Self);
        using var journal = new FailingJournal(SqliteJournal.Open(_dir, new JournalOptions(), _time));
        await using (var writer = new StoreWriter(store, journal, new JournalOptions(), _time, NullLogger.Instance))
        {
            Assert.Equal(WriteStatus.Ok, (await writer.SubmitAsync(Put(Group("job", "a"), "m 1\n", 1))).Status);
            var before = Dump(store);

            journal.Failing = true;
            var refused = await Task.WhenAll(
                writer.SubmitAsync(Put(Group("job", "a"), "m 2\n", 2)),
                writer.SubmitAsync(Put(Group("job", "b"), "m 3\n", 3)),
                writer.SubmitAsync(new StoreOp(OpKind.Delete, Group("job", "a"), 4)));

            Assert.All(refused, r => Assert.Equal(WriteStatus.Unavailable, r.Status));
            Assert.Equal(before, Dump(store));
            Assert.NotNull(writer.Failure);
            journal.Failing = false;

            Assert.Equal(WriteStatus.Ok, (await writer.SubmitAsync(Put(Group("job", "c"), "m 5\n", 5))).Status);
            Assert.Null(writer.Failure);
        }

        var copy = new PushStore(Self);
        using var reader = SqliteJournal.Open(_dir, new JournalOptions(), _time);
        reader.LoadInto(copy);
        Assert.Equal(Dump(store), Dump(copy));
    }

    [Fact]
    public async Task A_commit_failing_with_an_unexpected_exception_is_refused_and_the_writer_keeps_running()
    {
        var store = new PushStore(Self);
        using var journal = new FailingJournal(SqliteJournal.Open(_dir, new JournalOptions(), _time))
        {
            Failing = true,
            Error = () => new InvalidOperationException("connection closed"),
        };
        await using var writer = new StoreWriter(store, journal, new JournalOptions(), _time, NullLogger.Instance);
        var refused = await writer.SubmitAsync(Put(Group("job", "a"), "m 1\n", 1));
        Assert.Equal((WriteStatus.Unavailable, "journal commit failed: connection closed"), (refused.Status, refused.Message));
        Assert.Null(store.Get(Group("job", "a")));

        journal.Failing = false;
        Assert.Equal(WriteStatus.Ok, (await writer.SubmitAsync(Put(Group("job", "a"), "m 2\n", 2))).Status);
    }

    [Fact]
    public async Task Rejected_pushes_record_the_failure_and_report_the_message()
    {
        // Group a: 1 series and its 2 gauges; b, failed, its 2 gauges.
        var store = new PushStore(Self, maxSeriesTotal: 6);
        using var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time);
        await using var writer = new StoreWriter(store, journal, new JournalOptions(), _time, NullLogger.Instance);
        Assert.Equal(WriteStatus.Ok, (await writer.SubmitAsync(Put(Group("job", "a"), "# TYPE m counter\nm 1\n", 1))).Status);
        var conflict = await writer.SubmitAsync(Put(Group("job", "b"), "# TYPE m gauge\nm 1\n", 2));
        Assert.Equal(WriteStatus.Inconsistent, conflict.Status);
        Assert.Equal(2, store.Get(Group("job", "b"))!.FailureTimeNanos);
        var tooMany = await writer.SubmitAsync(Put(Group("job", "c"), "x 1\ny 1\n", 3));
        Assert.Equal(WriteStatus.TooManySeries, tooMany.Status);
        Assert.Null(store.Get(Group("job", "c")));

        // At the limit a refused push to a new group is still refused with its own reason, but adds no group.
        var refused = await writer.SubmitRejectedAsync(new StoreOp(OpKind.Failure, Group("job", "d"), 4), "pushed metrics are invalid");
        Assert.Equal((WriteStatus.Inconsistent, "pushed metrics are invalid"), (refused.Status, refused.Message));
        Assert.Null(store.Get(Group("job", "d")));
        Assert.Equal(5, store.SeriesTotal + (PushStore.SeriesPerGroup * store.GroupCount));
    }

    [Fact]
    public async Task Time_based_compaction_empties_the_log_and_state_survives()
    {
        var store = new PushStore(Self);
        var options = new JournalOptions { CompactInterval = TimeSpan.FromSeconds(30) };
        using (var journal = SqliteJournal.Open(_dir, options, _time))
        {
            await using var writer = new StoreWriter(store, journal, options, _time, NullLogger.Instance);
            await writer.SubmitAsync(Put(Group("job", "a"), "x 1\n", 1));
            Assert.Equal(1, journal.OpsSinceCompaction);
            _time.Advance(TimeSpan.FromSeconds(31));

            // Compaction runs after a batch is acknowledged (never delaying a response), so poll with writes.
            var i = 0;
            await Poll.UntilAsync(
                async () =>
                {
                    await writer.SubmitAsync(Put(Group("job", "b"), $"y {i++}\n", 2));
                    return journal.State.Compactions >= 1;
                },
                TimeSpan.FromSeconds(10),
                "a time-based compaction");
        }

        var reloaded = new PushStore(Self);
        using var again = SqliteJournal.Open(_dir, options, _time);
        again.LoadInto(reloaded);
        Assert.Equal(Dump(store), Dump(reloaded));
    }

    [Fact]
    public async Task Ops_replayed_at_start_survive_the_next_compaction()
    {
        var expected = new PushStore(Self);
        using (var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time))
        {
            var ops = new List<StoreOp> { Put(Group("job", "a"), "x 1\n", 1), Put(Group("job", "b"), "y 1\n", 2), new(OpKind.Delete, Group("job", "b"), 3) };
            ops.ForEach(expected.Apply);
            journal.Append(ops);
        }

        // Restart: replay, one more write, compaction (which empties the log).
        var store = new PushStore(Self);
        using (var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time))
        {
            var loaded = journal.LoadInto(store);
            Assert.Equal(3, loaded.Ops);
            await using var writer = new StoreWriter(store, journal, new JournalOptions(), _time, NullLogger.Instance, loaded);
            var more = Put(Group("job", "c"), "z 1\n", 4);
            expected.Apply(more);
            await writer.SubmitAsync(more);
            await writer.RequestCompactionAsync();
            Assert.Equal(0, journal.OpsSinceCompaction);
        }

        var reloaded = new PushStore(Self);
        using var again = SqliteJournal.Open(_dir, new JournalOptions(), _time);
        Assert.Equal(0, again.LoadInto(reloaded).Ops);
        Assert.Equal(Dump(expected), Dump(reloaded));
    }
}
