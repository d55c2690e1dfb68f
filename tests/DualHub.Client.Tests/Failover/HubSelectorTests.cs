using DualHub.Client.Failover;
using DualHub.Client.Options;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Client.Tests.Failover;

public sealed class HubSelectorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FailoverOptions _options = new()
    {
        HealthCheckInterval = TimeSpan.FromSeconds(30),
        FailoverThreshold = 3,
        MaxRetries = 3,
        RecoveryBackoff = TimeSpan.FromSeconds(1),
        BackoffMultiplier = 2,
        RecoveryTimeout = TimeSpan.FromSeconds(10),
        RecoverySuccesses = 3,
    };

    private HubSelector Create(int hubs = 2) =>
        new(Enumerable.Range(0, hubs).Select(i => new HubEndpoint(i == 0 ? "primary" : "fallback" + i, new Uri($"http://127.0.0.1:{9000 + i}"))).ToList(), new ResolvedFailoverOptions(_options), _time);

    /// <summary>Advances to the hub's next probe time and reports a probe result there.</summary>
    private ActiveHubChange? ProbeAtDue(HubSelector s, int hub, bool ok)
    {
        var wait = s.Snapshot()[hub].NextProbe - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            _time.Advance(wait);
        }

        return s.ReportProbe(hub, ok, ok ? null : "refused");
    }

    [Fact]
    public void Starts_on_the_primary_with_every_hub_probed_at_once()
    {
        var s = Create();

        Assert.Equal(0, s.Active);
        Assert.Equal([0, 1], s.DueProbes());
    }

    [Fact]
    public void A_hub_turns_unhealthy_after_failover_threshold_failed_probes_in_a_row()
    {
        var s = Create();

        Assert.Null(ProbeAtDue(s, 0, false));
        Assert.Null(ProbeAtDue(s, 0, false));
        Assert.Null(ProbeAtDue(s, 0, true)); // a success resets the count
        Assert.Null(ProbeAtDue(s, 0, false));
        Assert.Null(ProbeAtDue(s, 0, false));
        var change = ProbeAtDue(s, 0, false);

        Assert.Equal(new ActiveHubChange(0, 1, change!.Value.Reason), change);
        Assert.True(change.Value.IsFailover);
        Assert.Equal(HubState.Unhealthy, s.Snapshot()[0].State);
    }

    [Fact]
    public void Healthy_hubs_are_probed_every_health_check_interval()
    {
        var s = Create();
        s.ReportProbe(0, true);

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), s.Snapshot()[0].NextProbe);
    }

    [Fact]
    public void One_failed_batch_fails_over_at_once_passive_health()
    {
        var s = Create();

        var change = s.ReportPushFailure(0, "ConnectionRefused");

        Assert.Equal(1, s.Active);
        Assert.True(change!.Value.IsFailover);
        Assert.Equal([1], s.DeliveryOrder(out var panic));
        Assert.False(panic);
    }

    [Fact]
    public void Fail_back_probes_back_off_exponentially_capped_by_recovery_timeout()
    {
        var s = Create();
        s.ReportPushFailure(0, "refused");
        var delays = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var before = _time.GetUtcNow();
            var next = s.Snapshot()[0].NextProbe;
            delays.Add((next - before).TotalSeconds);
            ProbeAtDue(s, 0, false);
        }

        Assert.Equal([1, 2, 4, 8, 10, 10], delays);
        Assert.Equal(1, s.Active);
    }

    [Fact]
    public void Fail_back_needs_recovery_successes_probes_in_a_row()
    {
        var s = Create();
        s.ReportPushFailure(0, "refused");

        Assert.Null(ProbeAtDue(s, 0, true));
        Assert.Equal(HubState.Recovering, s.Snapshot()[0].State);
        Assert.Null(ProbeAtDue(s, 0, true));
        var change = ProbeAtDue(s, 0, true);

        Assert.Equal(0, s.Active);
        Assert.False(change!.Value.IsFailover);
        Assert.Equal(1, change.Value.From);
    }

    [Fact]
    public void Alternating_probe_results_never_fail_back_and_slow_down()
    {
        var s = Create();
        s.ReportPushFailure(0, "refused");
        var changes = 0;
        var gaps = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var before = _time.GetUtcNow();
            changes += ProbeAtDue(s, 0, i % 2 == 0) is null ? 0 : 1;
            gaps.Add(_time.GetUtcNow() - before);
        }

        Assert.Equal(0, changes);
        Assert.Equal(1, s.Active);
        Assert.Equal(_options.RecoveryTimeout, s.BackoffDelay(s.Snapshot()[0].ConsecutiveFailures));
        Assert.True(gaps[^2] > gaps[2], "probes after a failed recovery back off further");
    }

    [Fact]
    public void Two_successes_then_one_failure_and_two_successes_do_not_fail_back()
    {
        _options.RecoverySuccesses = 3;
        var s = Create();
        s.ReportPushFailure(0, "refused");

        foreach (var ok in new[] { true, true, false, true, true })
        {
            Assert.Null(ProbeAtDue(s, 0, ok));
        }

        Assert.Equal(1, s.Active);
        Assert.Equal(HubState.Recovering, s.Snapshot()[0].State);
    }

    [Fact]
    public void A_hub_that_breaks_again_soon_after_recovering_keeps_its_backoff_level()
    {
        var s = Create();
        s.ReportPushFailure(0, "refused");
        ProbeAtDue(s, 0, false); // level 1
        ProbeAtDue(s, 0, false); // level 2
        for (var i = 0; i < 3; i++)
        {
            ProbeAtDue(s, 0, true);
        }

        Assert.Equal(0, s.Active);
        s.ReportPushFailure(0, "refused again");
        var wait = s.Snapshot()[0].NextProbe - _time.GetUtcNow();

        Assert.Equal(TimeSpan.FromSeconds(8), wait); // level 3, not back to 1 s
    }

    [Fact]
    public void A_hub_that_stayed_up_past_recovery_timeout_starts_over_at_the_first_backoff()
    {
        var s = Create();
        s.ReportPushFailure(0, "refused");
        ProbeAtDue(s, 0, false);
        for (var i = 0; i < 3; i++)
        {
            ProbeAtDue(s, 0, true);
        }

        _time.Advance(_options.RecoveryTimeout + TimeSpan.FromSeconds(1));
        s.ReportPushFailure(0, "refused");

        Assert.Equal(TimeSpan.FromSeconds(1), s.Snapshot()[0].NextProbe - _time.GetUtcNow());
    }

    [Fact]
    public void With_no_healthy_hub_every_hub_is_tried_in_order_and_the_first_to_accept_becomes_active()
    {
        var s = Create(3);
        s.ReportPushFailure(0, "x");
        s.ReportPushFailure(1, "x");
        var none = s.ReportPushFailure(2, "x");

        Assert.Equal(-1, s.Active);
        Assert.Equal(new ActiveHubChange(2, -1, none!.Value.Reason), none);
        Assert.Equal([0, 1, 2], s.DeliveryOrder(out var panic));
        Assert.True(panic);

        var back = s.ReportPushSuccess(1);

        Assert.Equal(1, s.Active);
        Assert.False(back!.Value.IsFailover);
    }

    [Fact]
    public void Failed_probes_of_an_unhealthy_fallback_do_not_change_the_active_primary()
    {
        var s = Create();
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(ProbeAtDue(s, 1, false));
        }

        Assert.Equal(0, s.Active);
        Assert.Equal(HubState.Unhealthy, s.Snapshot()[1].State);
        Assert.Equal([0], s.DeliveryOrder(out _));
    }
}
