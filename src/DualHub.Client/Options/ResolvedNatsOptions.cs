namespace DualHub.Client.Options;

/// <summary>NATS settings after validation, the subjects' defaults applied (see <see cref="NatsOptions"/>).</summary>
public sealed record ResolvedNatsOptions
{
    internal ResolvedNatsOptions(NatsOptions options, string node)
    {
        Url = options.Url;
        Urls = [.. options.Urls];
        Enabled = options.Enabled;
        Auth = options.Auth;
        HealthSubject = string.IsNullOrEmpty(options.HealthSubject) ? "observability.health." + node : options.HealthSubject;
        MetricsSubject = string.IsNullOrEmpty(options.MetricsSubject) ? "observability.metrics." + node : options.MetricsSubject;
    }

    /// <inheritdoc cref="NatsOptions.Url"/>
    public Uri Url { get; }

    /// <inheritdoc cref="NatsOptions.Urls"/>
    public IReadOnlyList<Uri> Urls { get; }

    /// <inheritdoc cref="NatsOptions.Enabled"/>
    public bool Enabled { get; }

    /// <inheritdoc cref="NatsOptions.Auth"/>
    public DualHub.Nats.Messaging.NatsClientAuth? Auth { get; }

    /// <summary>Subject for health and failover events: <c>observability.health.&lt;node&gt;</c> unless configured.</summary>
    public string HealthSubject { get; }

    /// <summary>Subject for metrics: <c>observability.metrics.&lt;node&gt;</c> unless configured.</summary>
    public string MetricsSubject { get; }
}
