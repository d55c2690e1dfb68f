namespace DualHub.Client.Options;

/// <summary>NATS settings (YAML <c>nats</c>, or the plan's flat <c>nats_url</c>, <c>health_subject</c>, <c>metrics_subject</c>).</summary>
public sealed class NatsOptions
{
    /// <summary>NATS server URL. Default <c>nats://127.0.0.1:4222</c>.</summary>
    public Uri Url { get; set; } = new("nats://127.0.0.1:4222");

    /// <summary>Subject for health and failover events. Default <c>observability.health.&lt;node&gt;</c>.</summary>
    public string HealthSubject { get; set; } = string.Empty;

    /// <summary>Subject for metrics. Default <c>observability.metrics.&lt;node&gt;</c>.</summary>
    public string MetricsSubject { get; set; } = string.Empty;
}
