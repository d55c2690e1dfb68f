using DualHub.Client.Delivery;
using DualHub.Client.Options;

namespace DualHub.Client.Tests.Delivery;

/// <summary>The adaptive timeout rule of docs/client.md: factor x percentile of the window, clamped; push_timeout until learned.</summary>
public sealed class HubTimeoutsTests
{
    private static HubTimeouts Create(Action<FailoverOptions>? tweak = null)
    {
        var o = new FailoverOptions();
        tweak?.Invoke(o);
        return new HubTimeouts(2, new ResolvedFailoverOptions(o));
    }

    private static void Record(HubTimeouts t, int hub, int count, double ms)
    {
        for (var i = 0; i < count; i++)
        {
            t.Record(hub, TimeSpan.FromMilliseconds(ms));
        }
    }

    [Fact]
    public void A_hub_that_has_not_answered_latency_min_samples_times_gets_push_timeout()
    {
        var t = Create();
        Record(t, 0, 7, 10);

        Assert.Equal(TimeSpan.FromMilliseconds(500), t.For(0, healthy: true));
        t.Record(0, TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(200), t.For(0, healthy: true));
    }

    [Theory]
    [InlineData(2, true, 200)] // a fast hub: the floor
    [InlineData(250, true, 750)] // factor 3 x its p95
    [InlineData(2000, true, 1500)] // never above the ceiling
    [InlineData(1, false, 1500)] // a hub that is not healthy: the ceiling
    public void The_timeout_is_factor_times_the_p95_between_floor_and_ceiling(double latencyMs, bool healthy, double expectedMs)
    {
        var t = Create();
        Record(t, 1, 64, latencyMs);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), t.For(1, healthy));
    }

    [Fact]
    public void Three_stalls_in_a_window_of_64_do_not_set_the_timeout_and_a_fourth_does()
    {
        var t = Create();
        Record(t, 0, 61, 2);
        Record(t, 0, 3, 1700);

        Assert.Equal(TimeSpan.FromMilliseconds(200), t.For(0, healthy: true));
        t.Record(0, TimeSpan.FromMilliseconds(1700));
        Assert.Equal(TimeSpan.FromSeconds(1.5), t.For(0, healthy: true));
    }

    [Fact]
    public void One_slow_answer_in_a_small_window_raises_the_percentile_and_leaves_with_the_window()
    {
        var t = Create(o => o.LatencyWindow = 16);
        Record(t, 0, 15, 100);
        t.Record(0, TimeSpan.FromMilliseconds(400));

        Assert.Equal(TimeSpan.FromMilliseconds(1200), t.For(0, healthy: true));
        Record(t, 0, 16, 100);
        Assert.Equal(TimeSpan.FromMilliseconds(300), t.For(0, healthy: true));
    }

    [Fact]
    public void With_adaptive_timeout_off_every_request_gets_push_timeout()
    {
        var t = Create(o => o.AdaptiveTimeout = false);
        Record(t, 0, 64, 1);

        Assert.Equal(TimeSpan.FromMilliseconds(500), t.For(0, healthy: true));
        Assert.Equal(TimeSpan.FromMilliseconds(500), t.For(1, healthy: false));
    }

    [Fact]
    public void The_percentile_is_nearest_rank()
    {
        var w = new LatencyWindow(100);
        for (var i = 1; i <= 100; i++)
        {
            w.Add(TimeSpan.FromMilliseconds(i));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(50), w.Percentile(50));
        Assert.Equal(TimeSpan.FromMilliseconds(99), w.Percentile(99));
        Assert.Equal(TimeSpan.FromMilliseconds(100), w.Percentile(100));
    }
}
