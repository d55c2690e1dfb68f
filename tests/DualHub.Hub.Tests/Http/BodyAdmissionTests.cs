using DualHub.Hub.Http;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.Http;

public sealed class BodyAdmissionTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public async Task Pushes_beyond_the_budget_wait_for_room_and_get_it_in_order()
    {
        using var admission = new BodyAdmission(4 * MiB, new FakeTimeProvider());
        var first = await admission.EnterAsync(3 * MiB, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(3 * MiB, admission.InUseBytes);

        var second = admission.EnterAsync(2 * MiB, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.False(second.IsCompleted);
        admission.Exit(first);
        Assert.True(await second > 0);
        Assert.Equal(2 * MiB, admission.InUseBytes);
    }

    [Fact]
    public async Task A_push_that_finds_no_room_within_the_wait_gets_nothing_and_holds_nothing()
    {
        var time = new FakeTimeProvider();
        using var admission = new BodyAdmission(4 * MiB, time);
        var held = await admission.EnterAsync(3 * MiB, TimeSpan.FromSeconds(10), CancellationToken.None);
        var waiting = admission.EnterAsync(2 * MiB, TimeSpan.FromSeconds(10), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await waiting);
        Assert.Equal(3 * MiB, admission.InUseBytes);
        admission.Exit(held);
        Assert.Equal(0, admission.InUseBytes);
    }

    [Fact]
    public async Task A_push_larger_than_the_budget_takes_all_of_it_and_runs_alone()
    {
        using var admission = new BodyAdmission(4 * MiB, new FakeTimeProvider());
        var big = await admission.EnterAsync(64 * MiB, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(4 * MiB, admission.InUseBytes);
        var small = admission.EnterAsync(1, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.False(small.IsCompleted);
        admission.Exit(big);
        Assert.True(await small > 0);
    }
}
