namespace DualHub.Nats.Messaging;

/// <summary>Alert subjects: <c>observability.alerts.urgent</c> and <c>observability.alerts.warning</c>.</summary>
public enum AlertSeverity
{
    Warning,
    Urgent,
}
