using System.Text.Json;
using DualHub.Hub.Alerts;
using DualHub.Hub.Tests.Upstreams;
using DualHub.Hub.Upstreams;
using DualHub.Nats.Messaging;
using DualHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Hub.Tests.Alerts;

public sealed class UpstreamAlertMonitorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TimerRecordingTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly ScriptedPublisher _nats = new();
    private volatile UpstreamStatus _status = Status(UpstreamState.Retrying, sent: 0);
    private int _ticks;

    [Fact]
    public async Task A_failing_upstream_raises_one_urgent_alert_and_its_resolution_which_is_retried_with_the_same_id_until_acked()
    {
        await using var monitor = new UpstreamAlertMonitor(
            () => [_status], "pc2", new Dictionary<string, string>(), TimeSpan.FromSeconds(4), new AlertPublisher(_nats), _time, NullLogger.Instance);
        monitor.Start();

        await TicksAsync(3);
        Assert.Empty(_nats.Published);
        await TicksAsync(1);
        var (subject, firingId, body) = Assert.Single(_nats.Published);
        Assert.Equal("observability.alerts.urgent", subject);
        Assert.Equal($"alert-{AlertFingerprint.Of([new("alertname", "EdgeHubUpstreamFailing"), new("node", "pc2"), new("severity", "urgent"), new("upstream", "central")])}-firing-1714557600000", firingId);
        using (var doc = JsonDocument.Parse(body))
        {
            Assert.Equal("edgehub", doc.RootElement.GetProperty("source").GetString());
            Assert.Equal("firing", doc.RootElement.GetProperty("status").GetString());
        }

        await TicksAsync(5);
        Assert.Single(_nats.Published);

        // Forwarding recovers while NATS refuses once: the resolution is kept and sent again with the same id.
        _nats.Then(() => throw new NatsPublishException("no ack"));
        _status = Status(UpstreamState.Sending, sent: 1);
        await TicksAsync(2);
        Assert.Equal(3, _nats.Published.Count);
        var ids = _nats.Published.Select(p => p.MsgId).ToList();
        Assert.Equal(ids[1], ids[2]);
        Assert.EndsWith("-resolved-1714557600000-1714557610000", ids[1], StringComparison.Ordinal);
    }

    /// <summary>
    /// Lets <paramref name="count"/> one-second waits (ticks or retry delays) elapse, each once it is armed, and returns
    /// when the step after the last one has finished (the next wait is armed).
    /// </summary>
    private async Task TicksAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await ArmedAsync(++_ticks);
            _time.Advance(Tick);
        }

        await ArmedAsync(_ticks + 1);
    }

    private Task ArmedAsync(int waits) => Poll.UntilAsync(() => _time.Armed(Tick) >= waits, Wait, $"wait {waits} armed");

    private static UpstreamStatus Status(UpstreamState state, long sent) =>
        new("central", "http://central/api/v1/write", state, 10, 1, 0, null, sent, 0, 0, 0, 0, sent, sent, 0);
}
