using DualHub.Hub.Push.Store;
using DualHub.Metrics.Model;
using static DualHub.Hub.Tests.TestData;

namespace DualHub.Hub.Tests.Push.Store;

public sealed class PushStoreTests
{
    private readonly PushStore _store = new(Self);

    [Fact]
    public void Put_replaces_every_family_but_keeps_the_failure_time()
    {
        var g = Group("job", "a");
        Submit(_store, Put(g, "x 1\ny 2\n", 10));
        _store.Apply(new StoreOp(OpKind.Failure, g, 20));
        Submit(_store, Put(g, "z 3\n", 30));

        var group = _store.Get(g)!;
        Assert.Equal(["z"], group.Families.Keys);
        Assert.Equal(30, group.PushTimeNanos);
        Assert.Equal(20, group.FailureTimeNanos);
        Assert.True(group.LastPushSuccessful);
    }

    [Fact]
    public void Put_with_empty_body_leaves_only_the_timestamps()
    {
        var g = Group("job", "a");
        Submit(_store, Put(g, "x 1\n"));
        Submit(_store, Put(g, string.Empty, 5));
        Assert.Empty(_store.Get(g)!.Families);
        Assert.Equal(0, _store.SeriesTotal);
    }

    [Fact]
    public void Post_replaces_only_the_named_families()
    {
        var g = Group("job", "a");
        Submit(_store, Put(g, "x 1\ny 2\n"));
        Submit(_store, Post(g, "y 5\nz 6\n", 7));
        var group = _store.Get(g)!;
        Assert.Equal(["x", "y", "z"], group.Families.Keys.Order());
        Assert.Equal(5, group.Families["y"].Family.Metrics[0].Value);
        Assert.Equal(3, _store.SeriesTotal);
    }

    [Fact]
    public void Type_conflict_across_groups_is_rejected_with_the_pushgateway_message_and_sets_the_failure_time()
    {
        Submit(_store, Put(Group("job", "t1"), "# TYPE a counter\na 1\n", 10));
        var r = Submit(_store, Put(Group("job", "t2"), "# TYPE a gauge\na 1\n", 20));

        Assert.Equal(CheckStatus.Inconsistent, r.Status);
        Assert.Equal("collected metric \"a\" { label:<name:\"instance\" value:\"\" > label:<name:\"job\" value:\"t2\" > gauge:<value:1 > } is not a COUNTER", r.Message);
        var failed = _store.Get(Group("job", "t2"))!;
        Assert.Equal(0, failed.PushTimeNanos);
        Assert.Equal(20, failed.FailureTimeNanos);
        Assert.False(failed.LastPushSuccessful);
    }

    [Fact]
    public void Replacing_the_only_holder_of_a_name_may_change_its_type()
    {
        var g = Group("job", "a");
        Submit(_store, Put(g, "# TYPE a counter\na 1\n"));
        Assert.Equal(CheckStatus.Ok, Submit(_store, Put(g, "# TYPE a gauge\na 1\n")).Status);
        Submit(_store, Put(Group("job", "b"), "# TYPE a gauge\na 1\n"));
        Assert.Equal(CheckStatus.Inconsistent, Submit(_store, Post(g, "# TYPE a counter\na 1\n")).Status);
    }

    [Fact]
    public void Duplicate_series_across_groups_is_rejected()
    {
        Submit(_store, Put(Group("job", "d1"), "b{instance=\"i2\"} 1\n"));
        var r = Submit(_store, Put(Group("job", "d1", "instance", "i2"), "b 1\n"));
        Assert.Equal(CheckStatus.Inconsistent, r.Status);
        Assert.EndsWith("was collected before with the same name and label values", r.Message);

        // Deleting the first group frees the series.
        _store.Apply(new StoreOp(OpKind.Delete, Group("job", "d1"), 5));
        Assert.Equal(CheckStatus.Ok, Submit(_store, Put(Group("job", "d1", "instance", "i2"), "b 1\n")).Status);
    }

    [Fact]
    public void Summary_and_histogram_suffix_clashes_are_rejected_both_ways()
    {
        Submit(_store, Put(Group("job", "s1"), "# TYPE s summary\ns_sum 1\ns_count 1\n"));
        Assert.Equal(
            "collected metric named \"s_count\" collides with previously collected summary named \"s\"",
            Submit(_store, Put(Group("job", "s2"), "s_count 1\n")).Message);

        Submit(_store, Put(Group("job", "c1"), "h_bucket 1\n"));
        Assert.Equal(
            "collected histogram named \"h\" collides with previously collected metric named \"h_bucket\"",
            Submit(_store, Put(Group("job", "c2"), "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n")).Message);
    }

    [Fact]
    public void Conflict_with_the_hubs_own_family_uses_the_gathered_family_message()
    {
        var r = Submit(_store, Put(Group("job", "x"), "# TYPE process_start_time_seconds counter\nprocess_start_time_seconds 1\n"));
        Assert.Equal("gathered metric family process_start_time_seconds has type COUNTER but should have GAUGE", r.Message);
        Assert.Equal(CheckStatus.Ok, Submit(_store, Put(Group("job", "y"), "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1\n")).Status);
    }

    [Fact]
    public void Series_limit_refuses_with_429_and_changes_nothing()
    {
        // Each group counts its pushed series and its two push-time gauges.
        var store = new PushStore(Self, maxSeriesTotal: 5);
        Assert.Equal(CheckStatus.Ok, Submit(store, Put(Group("job", "a"), "x 1\ny 1\n")).Status);
        var before = Dump(store);
        var r = Submit(store, Put(Group("job", "b"), "x 1\ny 1\n"));
        Assert.Equal(CheckStatus.TooManySeries, r.Status);
        Assert.Equal("series limit exceeded: the store would hold 8 series, the limit (limits.max_series_total) is 5", r.Message);
        Assert.Equal(before, Dump(store));

        // An empty push to a new group is two series too.
        Assert.Equal(CheckStatus.TooManySeries, Submit(store, Put(Group("job", "c"), string.Empty)).Status);
        Assert.Equal(before, Dump(store));

        // Replacing within the limit is fine.
        Assert.Equal(CheckStatus.Ok, Submit(store, Put(Group("job", "a"), "x 1\ny 1\nz 1\n")).Status);
    }

    [Fact]
    public void Delete_removes_exactly_the_group_and_wipe_removes_all()
    {
        Submit(_store, Put(Group("job", "x"), "a 1\n"));
        Submit(_store, Put(Group("job", "x", "instance", "i"), "a 1\n"));
        _store.Apply(new StoreOp(OpKind.Delete, Group("job", "x"), 1));
        Assert.Null(_store.Get(Group("job", "x")));
        Assert.NotNull(_store.Get(Group("job", "x", "instance", "i")));
        _store.Apply(new StoreOp(OpKind.Wipe, Group(), 1));
        Assert.Empty(_store.Snapshot());
        Assert.Equal(0, _store.SeriesTotal);
    }

    [Fact]
    public void Expire_deletes_only_when_the_expiry_has_passed()
    {
        var g = Group("job", "t");
        _store.Apply(Op(OpKind.Put, g, "a 1\n", 1_000_000_000, ttlMs: 1000));
        Assert.Equal(2000, _store.Get(g)!.ExpiresAtMs);
        _store.Apply(new StoreOp(OpKind.Expire, g, 1_999_000_000));
        Assert.NotNull(_store.Get(g));
        _store.Apply(new StoreOp(OpKind.Expire, g, 2_000_000_000));
        Assert.Null(_store.Get(g));
    }

    [Fact]
    public void Check_cost_does_not_depend_on_unrelated_groups()
    {
        // Not a timing test: the check only looks at names and series of the push (indexes), so an unrelated
        // inconsistent-looking family elsewhere never blocks a push (unlike a full re-gather).
        for (var i = 0; i < 200; i++)
        {
            Submit(_store, Put(Group("job", "bulk", "instance", "i" + i), "m{k=\"1\"} 1\nn 2\n"));
        }

        Assert.Equal(400, _store.SeriesTotal);
        Assert.Equal(CheckStatus.Ok, Submit(_store, Put(Group("job", "other"), "m{k=\"1\"} 5\n")).Status);
        Assert.Equal(MetricType.Untyped, _store.Get(Group("job", "other"))!.Families["m"].Family.Type);
    }
}
