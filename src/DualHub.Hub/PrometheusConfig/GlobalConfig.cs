namespace DualHub.Hub.PrometheusConfig;

/// <summary>The <c>global</c> section (Prometheus defaults: interval 1m, timeout 10s).</summary>
public sealed record GlobalConfig
{
    public TimeSpan ScrapeInterval { get; internal init; } = TimeSpan.FromMinutes(1);

    public TimeSpan ScrapeTimeout { get; internal init; } = TimeSpan.FromSeconds(10);

    /// <summary>Added to every forwarded sample that lacks the label.</summary>
    public IReadOnlyDictionary<string, string> ExternalLabels { get; internal init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
