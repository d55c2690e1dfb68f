namespace DualHub.Hub.PrometheusConfig;

/// <summary>The <c>global</c> section (Prometheus defaults: interval 1m, timeout 10s).</summary>
public sealed class GlobalConfig
{
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Added to every forwarded sample that lacks the label.</summary>
    public Dictionary<string, string> ExternalLabels { get; } = new(StringComparer.Ordinal);
}
