using DualHub.Hub.Alerts;
using DualHub.Hub.Upstreams;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.Alerts;

public sealed class UpstreamAlertTrackerTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly UpstreamAlertTracker _tracker = new("central", "pc2", new Dictionary<string, string> { ["hub"] = "edge-pc2" }, Threshold);

    [Fact]
    public void It_fires_once_after_the_threshold_without_a_2xx_and_resolves_at_the_next_2xx()
    {
        var lastGood = _clock.GetUtcNow();
        Assert.Null(Observe(UpstreamState.Sending, sent: 10, pending: 5));
        for (var i = 0; i < 59; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(Observe(UpstreamState.Retrying, sent: 10, pending: 50 + i));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        var firing = Observe(UpstreamState.Retrying, sent: 10, pending: 200, error: "connection refused");
        Assert.NotNull(firing);
        Assert.False(firing.Resolved);
        Assert.Equal("edgehub", firing.Source);
        Assert.Equal(lastGood, firing.StartsAt);
        Assert.Equal(
            [new("alertname", "EdgeHubUpstreamFailing"), new("hub", "edge-pc2"), new("node", "pc2"), new("severity", "urgent"), new("upstream", "central")],
            firing.Labels);
        Assert.Equal(AlertFingerprint.Of(firing.Labels), firing.Fingerprint);
        var summary = firing.Annotations.Single(a => a.Key == "summary").Value;
        Assert.Contains("no 2xx from upstream central (http://central/api/v1/write) for 60 s", summary, StringComparison.Ordinal);
        Assert.Contains("last error: connection refused", summary, StringComparison.Ordinal);
        Assert.Contains(firing.Annotations, a => a.Key == "runbook");
        Assert.Same(firing, _tracker.Firing);

        for (var i = 0; i < 30; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Null(Observe(UpstreamState.Retrying, sent: 10, pending: 300));
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        var resolved = Observe(UpstreamState.Sending, sent: 11, pending: 250);
        Assert.NotNull(resolved);
        Assert.True(resolved.Resolved);
        Assert.Equal(firing.StartsAt, resolved.StartsAt);
        Assert.Equal(_clock.GetUtcNow(), resolved.EndsAt);
        Assert.Equal(firing.Fingerprint, resolved.Fingerprint);
        Assert.Null(_tracker.Firing);
        Assert.Null(Observe(UpstreamState.Sending, sent: 12, pending: 0));
    }

    [Fact]
    public void An_idle_upstream_is_healthy_however_long_it_sends_nothing()
    {
        Observe(UpstreamState.Idle, sent: 3, pending: 0);
        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Null(Observe(UpstreamState.Idle, sent: 3, pending: 0));
        }
    }

    [Fact]
    public void A_hung_upstream_that_is_still_sending_but_acks_nothing_fires_too()
    {
        Observe(UpstreamState.Sending, sent: 3, pending: 10);
        _clock.Advance(Threshold);

        Assert.NotNull(Observe(UpstreamState.Sending, sent: 3, pending: 10));
    }

    [Fact]
    public void Retrying_with_nothing_pending_still_counts_as_failing()
    {
        Observe(UpstreamState.Retrying, sent: 0, pending: 0);
        _clock.Advance(Threshold);

        Assert.NotNull(Observe(UpstreamState.Retrying, sent: 0, pending: 0));
    }

    [Fact]
    public void A_2xx_before_the_threshold_restarts_the_wait()
    {
        Observe(UpstreamState.Retrying, sent: 1, pending: 10);
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(Observe(UpstreamState.Sending, sent: 2, pending: 10));
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(Observe(UpstreamState.Retrying, sent: 2, pending: 10));
        _clock.Advance(TimeSpan.FromSeconds(10));

        var firing = Observe(UpstreamState.Retrying, sent: 2, pending: 10);
        Assert.NotNull(firing);
        Assert.Equal(_clock.GetUtcNow() - Threshold, firing.StartsAt);
    }

    [Fact]
    public void A_second_outage_is_a_new_alert_with_a_new_start()
    {
        Observe(UpstreamState.Retrying, sent: 1, pending: 10);
        _clock.Advance(Threshold);
        var first = Observe(UpstreamState.Retrying, sent: 1, pending: 10)!;
        _clock.Advance(TimeSpan.FromSeconds(1));
        Observe(UpstreamState.Sending, sent: 2, pending: 0);
        _clock.Advance(Threshold);
        var second = Observe(UpstreamState.Retrying, sent: 2, pending: 10)!;

        Assert.NotEqual(AlertRouting.MessageId(first), AlertRouting.MessageId(second));
        Assert.Equal(first.Fingerprint, second.Fingerprint);
    }

    private AlertNotification? Observe(UpstreamState state, long sent, long pending, string? error = null) =>
        _tracker.Observe(
            new UpstreamStatus("central", "http://central/api/v1/write", state, pending, pending == 0 ? 0 : 1, 0, error, sent * 100, 0, 0, 0, 0, sent, sent, 0),
            _clock.GetUtcNow());
}
