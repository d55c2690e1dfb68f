using DualHub.Hub.Push.Journal;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;
using static DualHub.Hub.Tests.TestData;

namespace DualHub.Hub.Tests.Push.Journal;

public sealed class SqliteJournalTests : IDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public void Replaying_the_log_rebuilds_exactly_the_state()
    {
        var store = new PushStore(Self);
        using (var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time))
        {
            var ops = Sequence().ToList();
            foreach (var op in ops)
            {
                store.Apply(op);
            }

            journal.Append(ops);
        }

        Assert.Equal(Dump(store), Dump(Reload()));
    }

    [Fact]
    public void Compaction_folds_dirty_groups_and_later_ops_replay_on_top()
    {
        var store = new PushStore(Self);
        using (var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time))
        {
            var ops = Sequence().ToList();
            foreach (var op in ops.Take(5))
            {
                store.Apply(op);
            }

            journal.Append(ops.Take(5).ToList());
            journal.Compact(store.Snapshot().Select(g => new KeyValuePair<string, MetricGroup?>(g.Id.Key, g)).Append(new("gone", null)), wiped: false);
            Assert.Equal(0, journal.OpsSinceCompaction);
            foreach (var op in ops.Skip(5))
            {
                store.Apply(op);
            }

            journal.Append(ops.Skip(5).ToList());
        }

        Assert.Equal(Dump(store), Dump(Reload()));
    }

    [Fact]
    public void Summaries_histograms_help_and_timestamps_round_trip()
    {
        var store = new PushStore(Self);
        var op = Put(Group("job", "h", "path", "/a b"), "# HELP h some \\\\ help\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n# TYPE q summary\nq{quantile=\"0.5\"} 1\nq_sum 2\nq_count 3\nnan_value NaN\n", 123456789);
        store.Apply(op);
        using (var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time))
        {
            journal.Append([op]);
        }

        var reloaded = Reload();
        Assert.Equal(Dump(store), Dump(reloaded));
        Assert.Equal("some \\ help", reloaded.Get(op.Group)!.Families["h"].Family.Help);
    }

    private static IEnumerable<StoreOp> Sequence()
    {
        yield return Put(Group("job", "a"), "x 1\ny{k=\"v\"} 2\n", 10);
        yield return Put(Group("job", "b", "instance", "i"), "# TYPE c counter\nc 5\n", 20);
        yield return Post(Group("job", "a"), "y{k=\"v\"} 3\nz 4\n", 30);
        yield return new StoreOp(OpKind.Failure, Group("job", "f"), 40);
        yield return new StoreOp(OpKind.Delete, Group("job", "b", "instance", "i"), 50);
        yield return Put(Group("job", "c"), "w 1\n", 60);
        yield return new StoreOp(OpKind.Wipe, Group(), 70);
        yield return Put(Group("job", "d"), "v 7\n", 80);
        yield return new StoreOp(OpKind.Failure, Group("job", "d"), 90);
        yield return Put(Group("job", "e"), string.Empty, 100);
    }

    private PushStore Reload()
    {
        var store = new PushStore(Self);
        using var journal = SqliteJournal.Open(_dir, new JournalOptions(), _time);
        journal.LoadInto(store);
        return store;
    }
}
