namespace DualHub.Nats.Messaging;

/// <summary>
/// Publishes to the plan's subjects with a <c>Nats-Msg-Id</c>. A send whose ack times out (or meets 503 during a leader
/// election) is retried with the SAME msg id, so the stream stores it once whichever send got through.
/// </summary>
public interface IObservabilityPublisher
{
    /// <summary>Publishes a metric batch (remote-write encoding) to <c>observability.metrics.&lt;node&gt;</c>.</summary>
    Task<NatsPublishResult> PublishMetricsAsync(string node, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default);

    /// <summary>Publishes health JSON to <c>observability.health.&lt;node&gt;</c> (node may be <c>cluster</c>).</summary>
    Task<NatsPublishResult> PublishHealthAsync(string node, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default);

    /// <summary>Publishes an alert JSON to <c>observability.alerts.urgent|warning</c>.</summary>
    Task<NatsPublishResult> PublishAlertAsync(AlertSeverity severity, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default);

    /// <summary>Publishes to any subject with a msg id and the retry policy.</summary>
    Task<NatsPublishResult> PublishAsync(string subject, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default);
}
