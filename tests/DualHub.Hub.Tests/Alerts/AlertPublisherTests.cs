using DualHub.Hub.Alerts;
using DualHub.Hub.Tests.Upstreams;
using DualHub.Nats.Messaging;

namespace DualHub.Hub.Tests.Alerts;

public sealed class AlertPublisherTests
{
    private readonly ScriptedPublisher _nats = new();

    [Fact]
    public async Task Each_alert_goes_to_its_severitys_subject_with_its_msg_id_and_duplicates_are_counted()
    {
        _nats.Then(() => new NatsPublishResult("observability-alerts", 1, false, 1));
        _nats.Then(() => new NatsPublishResult("observability-alerts", 1, true, 1));
        AlertNotification[] alerts = [Alert("urgent"), Alert(null)];

        var result = await new AlertPublisher(_nats).PublishAsync(alerts, CancellationToken.None);

        Assert.Equal(new AlertPublishResult(2, 1), result);
        Assert.Equal(
            [("observability.alerts.urgent", AlertRouting.MessageId(alerts[0])), ("observability.alerts.warning", AlertRouting.MessageId(alerts[1]))],
            _nats.Published.Select(p => (p.Subject, p.MsgId)).Order());
    }

    [Fact]
    public async Task A_publish_that_fails_fails_the_whole_call_after_the_others_finished()
    {
        _nats.Then(() => throw new NatsPublishException("no ack"));

        await Assert.ThrowsAsync<NatsPublishException>(() => new AlertPublisher(_nats).PublishAsync([Alert("warning"), Alert("urgent")], CancellationToken.None));
        Assert.Equal(2, _nats.Published.Count);
    }

    [Fact]
    public async Task When_one_alert_is_too_large_and_another_failed_for_now_the_failure_a_retry_can_mend_wins()
    {
        _nats.Then(() => throw new NATS.Client.Core.NatsPayloadTooLargeException("Payload size 2000000 exceeds server's maximum payload size 1048576"));
        _nats.Then(() => throw new NatsPublishException("no ack"));

        await Assert.ThrowsAsync<NatsPublishException>(() => new AlertPublisher(_nats).PublishAsync([Alert("warning"), Alert("urgent")], CancellationToken.None));
    }

    private static AlertNotification Alert(string? severity) => new(
        "alertmanager",
        false,
        severity is null ? [new("alertname", "A")] : [new("alertname", "A"), new("severity", severity)],
        [],
        DateTimeOffset.UnixEpoch,
        null,
        severity ?? "none",
        null);
}
