namespace DualHub.Client.Nats;

/// <summary>Where an agent raises alerts. Never blocks: the alert is queued and sent in the background.</summary>
public interface IAlertPublisher
{
    /// <summary>Queues <paramref name="alert"/> for <c>observability.alerts.&lt;severity&gt;</c>.</summary>
    void PublishAlert(AgentAlert alert);
}
