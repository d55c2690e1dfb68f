namespace DualHub.Client.Options;

/// <summary>NATS settings (YAML <c>nats</c>, or the plan's flat <c>nats_url</c>, <c>health_subject</c>, <c>metrics_subject</c>).</summary>
public sealed class NatsOptions
{
    /// <summary>NATS server URL. Default <c>nats://127.0.0.1:4222</c>.</summary>
    public Uri Url { get; set; } = new("nats://127.0.0.1:4222");

    /// <summary>Every server URL (YAML <c>nats_url</c> may be a comma-separated list); empty means just <see cref="Url"/>.</summary>
    public IList<Uri> Urls { get; } = new List<Uri>();

    /// <summary>Publish health and alerts to NATS (YAML <c>nats.enabled</c>, default true when the config has a <c>nats</c> URL).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Subject for health and failover events. Default <c>observability.health.&lt;node&gt;</c>.</summary>
    public string HealthSubject { get; set; } = string.Empty;

    /// <summary>User, password and TLS to connect with (YAML <c>nats.user</c>, <c>nats.password_file</c>, <c>nats.tls_config</c>), or null.</summary>
    public DualHub.Nats.Messaging.NatsClientAuth? Auth { get; set; }

    /// <summary>Subject for metrics. Default <c>observability.metrics.&lt;node&gt;</c>.</summary>
    public string MetricsSubject { get; set; } = string.Empty;
}
