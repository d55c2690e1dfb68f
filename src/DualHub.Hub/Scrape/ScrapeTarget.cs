using DualHub.Core.Security;
using DualHub.Hub.Relabel;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>One target of a job, resolved from the config: URL, labels and scrape settings.</summary>
public sealed record ScrapeTarget(
    string Job,
    Uri Url,
    Label[] TargetLabels,
    Label[] ExternalLabels,
    bool HonorLabels,
    bool HonorTimestamps,
    TimeSpan Interval,
    TimeSpan Timeout,
    string? Authorization)
{
    /// <summary>The job's <c>metric_relabel_configs</c>, applied to every sample of the target.</summary>
    public IReadOnlyList<RelabelRule> MetricRelabelConfigs { get; init; } = [];

    /// <summary>The job's <c>tls_config</c>, or null for the system's trust store.</summary>
    public ClientTlsConfig? TlsConfig { get; init; }
}
