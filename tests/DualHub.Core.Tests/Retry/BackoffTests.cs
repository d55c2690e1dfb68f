using CsCheck;
using DualHub.Core.Retry;

namespace DualHub.Core.Tests.Retry;

public sealed class BackoffTests
{
    private static readonly TimeSpan[] Bases = [TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(8)];
    private static readonly TimeSpan[] Caps = [TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(8)];

    [Fact]
    public void Delay_is_initial_times_multiplier_to_the_level_capped_at_max()
    {
        var b = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 2);

        Assert.Equal(
            [1, 2, 4, 8, 10, 10],
            Enumerable.Range(0, 6).Select(l => b.Delay(l).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(10), b.Delay(int.MaxValue));
    }

    [Fact]
    public void The_supervisor_restart_delays_are_250_ms_doubling_to_10_s()
    {
        // dualhub up: attempt n waits 250 ms x 2^(n-1), never more than 10 s.
        var b = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));

        Assert.Equal(
            [250, 500, 1000, 2000, 4000, 8000, 10000, 10000, 10000],
            Enumerable.Range(1, 9).Select(attempt => b.Delay(attempt - 1).TotalMilliseconds));
        for (var attempt = 1; attempt < 200; attempt++)
        {
            var formula = TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(attempt - 1, 6))));
            Assert.Equal(formula, b.Delay(attempt - 1));
        }
    }

    [Theory]
    [InlineData(1000, 2.0, 10_000, "1000 2000 4000 8000 10000 10000")]
    [InlineData(1000, 1.0, 10_000, "1000 1000 1000 1000")]
    [InlineData(1000, 1.5, 60_000, "1000 1500 2250 3375 5062.5")]
    [InlineData(200, 2.0, 5_000, "200 400 800 1600 3200 5000 5000")]
    [InlineData(500, 3.0, 300_000, "500 1500 4500 13500 40500 121500 300000 300000")]
    public void The_hub_selector_delays_are_recovery_backoff_times_multiplier_to_the_level_capped_by_recovery_timeout(int backoffMs, double multiplier, int timeoutMs, string expectedMs)
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(backoffMs), TimeSpan.FromMilliseconds(timeoutMs), multiplier);
        var expected = expectedMs.Split(' ').Select(ms => double.Parse(ms, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(expected, Enumerable.Range(0, expected.Length).Select(level => b.Delay(level).TotalMilliseconds));
    }

    [Theory]
    [InlineData(1000, 1.01, 3_600_000, 1890.4618)]
    [InlineData(1000, 2.0, 10_000, 10_000)]
    public void The_level_stops_growing_at_64_so_far_levels_neither_overflow_nor_pass_the_cap(int backoffMs, double multiplier, int timeoutMs, double farMs)
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(backoffMs), TimeSpan.FromMilliseconds(timeoutMs), multiplier);

        Assert.Equal(farMs, b.Delay(199).TotalMilliseconds, 3);
        Assert.Equal(b.Delay(64), b.Delay(int.MaxValue));
    }

    [Fact]
    public void Next_with_equal_jitter_draws_from_half_to_all_of_a_ceiling_that_doubles_to_the_cap_never_below_the_first()
    {
        var low = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), equalJitter: true, random: () => 0);
        var high = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4), equalJitter: true, random: () => 1);

        Assert.Equal([1, 1, 2, 2], Enumerable.Range(0, 4).Select(_ => low.Next().TotalSeconds));
        Assert.Equal([1, 2, 4, 4], Enumerable.Range(0, 4).Select(_ => high.Next().TotalSeconds));
    }

    [Fact]
    public void Next_matches_the_forwarders_equal_jitter_doubling_for_every_draw()
    {
        var draws = new Random(42);
        foreach (var min in Bases)
        {
            foreach (var max in Caps.Where(c => c >= min))
            {
                var r = draws.NextDouble();
                var b = new Backoff(min, max, equalJitter: true, random: () => r);
                var ceiling = min;
                for (var i = 0; i < 80; i++)
                {
                    var floor = Math.Max(ceiling.Ticks / 2, min.Ticks);
                    var expected = TimeSpan.FromTicks(floor + (long)((ceiling.Ticks - floor) * r));
                    ceiling = TimeSpan.FromTicks(Math.Min(max.Ticks, ceiling.Ticks * 2));
                    Assert.Equal(expected, b.Next());
                }
            }
        }
    }

    [Fact]
    public void Every_jittered_delay_stays_within_min_backoff_and_max_backoff()
    {
        // A retry 15-20 ms after a 503 with min_backoff 30 ms was the jitter going below the minimum.
        Gen.Select(Gen.Long[0, TimeSpan.TicksPerHour], Gen.Long[0, TimeSpan.TicksPerHour], Gen.Double[1, 4], Gen.Double[0, 1].Array[1, 90])
            .Sample((minTicks, extra, multiplier, draws) =>
            {
                var min = TimeSpan.FromTicks(minTicks);
                var max = TimeSpan.FromTicks(minTicks + extra);
                var i = 0;
                var b = new Backoff(min, max, multiplier, equalJitter: true, random: () => draws[i]);
                for (; i < draws.Length; i++)
                {
                    var level = i;
                    var delay = b.Next();
                    Assert.InRange(delay, min, max);
                    Assert.InRange(delay, TimeSpan.FromTicks(b.Delay(level).Ticks / 2), b.Delay(level));
                }
            });
    }

    [Fact]
    public void Remote_write_30_ms_min_backoff_is_never_undercut_by_the_first_retry()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(100), equalJitter: true, random: () => 0);

        Assert.Equal([30, 30, 50, 50, 50], Enumerable.Range(0, 5).Select(_ => b.Next().TotalMilliseconds));
    }

    [Fact]
    public void Next_without_jitter_matches_a_doubling_capped_retry_pause()
    {
        // The NATS publisher's and the health publisher's retry pauses: first delay, then doubled up to the cap.
        foreach (var first in Bases.Prepend(TimeSpan.Zero))
        {
            foreach (var cap in Caps.Where(c => c >= first))
            {
                var b = new Backoff(first, cap);
                var delay = first;
                for (var attempt = 1; attempt < 80; attempt++)
                {
                    Assert.Equal(delay, b.Delay(attempt - 1));
                    Assert.Equal(delay, b.Next());
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, cap.Ticks));
                }
            }
        }
    }

    [Fact]
    public void Reset_starts_over_at_the_first_delay()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        b.Next();
        b.Next();

        b.Reset();

        Assert.Equal(TimeSpan.FromMilliseconds(100), b.Next());
        Assert.Equal(TimeSpan.FromMilliseconds(200), b.Next());
    }

    [Fact]
    public void Rejects_a_multiplier_below_one_and_negative_delays_or_levels()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)).Delay(-1));
    }
}
