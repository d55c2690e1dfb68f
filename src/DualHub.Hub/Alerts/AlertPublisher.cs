using DualHub.Nats.Messaging;

namespace DualHub.Hub.Alerts;

/// <summary>
/// Publishes alerts to <c>observability.alerts.urgent|warning</c> by their severity label, each with the msg id of
/// <see cref="AlertRouting.MessageId"/>, and completes once JetStream has acked every one (a duplicate is an ack).
/// </summary>
public sealed class AlertPublisher(IObservabilityPublisher nats)
{
    /// <summary>Publishes all of <paramref name="alerts"/> concurrently; throws the first failure once all have finished.</summary>
    public async Task<AlertPublishResult> PublishAsync(IReadOnlyList<AlertNotification> alerts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var results = await Task.WhenAll(alerts.Select(a => PublishAsync(a, ct)));
        return new AlertPublishResult(results.Length, results.Count(r => r.Duplicate));
    }

    public async Task<NatsPublishResult> PublishAsync(AlertNotification alert, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var severity = AlertRouting.Severity(alert, out var note);
        var body = AlertMessage.Write(alert, severity == AlertSeverity.Urgent ? "urgent" : "warning", note);
        return await nats.PublishAlertAsync(severity, body, AlertRouting.MessageId(alert), ct);
    }
}
