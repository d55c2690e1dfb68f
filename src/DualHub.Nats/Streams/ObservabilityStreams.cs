namespace DualHub.Nats.Streams;

/// <summary>The plan's streams, subjects and consumers.</summary>
public static class ObservabilityStreams
{
    public const string Metrics = "observability-metrics";
    public const string Health = "observability-health";
    public const string Alerts = "observability-alerts";

    public const string MetricsSubjectPrefix = "observability.metrics.";
    public const string HealthSubjectPrefix = "observability.health.";
    public const string AlertsSubjectPrefix = "observability.alerts.";

    public const string CentralHubConsumer = "observability-metrics-centralhub";
    public const string EdgeHubConsumer = "observability-metrics-edgehub";
    public const string HealthMonitorConsumer = "observability-health-monitor";

    /// <summary>Every stream: name, subject filter, retention age.</summary>
    public static IReadOnlyList<(string Name, string Subjects, TimeSpan MaxAge)> All { get; } =
    [
        (Metrics, "observability.metrics.>", TimeSpan.FromHours(24)),
        (Health, "observability.health.>", TimeSpan.FromHours(24)),
        (Alerts, "observability.alerts.>", TimeSpan.FromHours(168)),
    ];

    /// <summary>Every consumer: name and the stream it reads.</summary>
    public static IReadOnlyList<(string Name, string Stream)> Consumers { get; } =
    [
        (CentralHubConsumer, Metrics),
        (EdgeHubConsumer, Metrics),
        (HealthMonitorConsumer, Health),
    ];
}
