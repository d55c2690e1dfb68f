using System.Runtime.ExceptionServices;
using DualHub.Nats.Messaging;
using NATS.Client.Core;

namespace DualHub.Hub.Alerts;

/// <summary>
/// Publishes alerts to <c>observability.alerts.urgent|warning</c> by their severity label, each with the msg id of
/// <see cref="AlertRouting.MessageId"/>, and completes once JetStream has acked every one (a duplicate is an ack).
/// </summary>
public sealed class AlertPublisher(IObservabilityPublisher nats)
{
    /// <summary>
    /// Publishes all of <paramref name="alerts"/> concurrently; once all have finished, throws a failure a retry could
    /// mend before one it could not (an alert over NATS' max_payload), so the caller's answer makes the sender retry
    /// whenever some alert may still get through.
    /// </summary>
    public async Task<AlertPublishResult> PublishAsync(IReadOnlyList<AlertNotification> alerts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var tasks = alerts.Select(a => PublishAsync(a, ct)).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception) when (tasks.Any(t => t.IsFaulted))
        {
            var errors = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).ToList();
            ExceptionDispatchInfo.Throw(errors.FirstOrDefault(e => e is not NatsPayloadTooLargeException) ?? errors[0]);
        }

        return new AlertPublishResult(tasks.Length, tasks.Count(t => t.Result.Duplicate));
    }

    public async Task<NatsPublishResult> PublishAsync(AlertNotification alert, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var severity = AlertRouting.Severity(alert, out var note);
        var body = AlertMessage.Write(alert, severity == AlertSeverity.Urgent ? "urgent" : "warning", note);
        return await nats.PublishAlertAsync(severity, body, AlertRouting.MessageId(alert), ct);
    }
}
