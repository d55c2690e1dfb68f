using System.Text;
using DualHub.Core.Security;
using DualHub.Hub.Relabel;

namespace DualHub.Hub.PrometheusConfig;

/// <summary>One <c>scrape_configs</c> job.</summary>
public sealed record ScrapeConfig
{
    public string JobName { get; internal init; } = string.Empty;

    /// <summary>Per-job interval; the global one when null.</summary>
    public TimeSpan? ScrapeInterval { get; internal init; }

    /// <summary>Per-job timeout; the global one when null.</summary>
    public TimeSpan? ScrapeTimeout { get; internal init; }

    public string MetricsPath { get; internal init; } = "/metrics";

    public string Scheme { get; internal init; } = "http";

    /// <summary>URL query parameters, in the order the file gives them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Params { get; internal init; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    public bool HonorLabels { get; internal init; }

    public bool HonorTimestamps { get; internal init; } = true;

    public ClientBasicAuth? BasicAuth { get; internal init; }

    /// <summary><c>tls_config</c> for <c>scheme: https</c> targets (CA, client certificate, server_name).</summary>
    public ClientTlsConfig? TlsConfig { get; internal init; }

    public string? BearerToken { get; internal init; }

    public string? BearerTokenFile { get; internal init; }

    public IReadOnlyList<StaticConfig> StaticConfigs { get; internal init; } = [];

    /// <summary><c>relabel_configs</c>: applied to each target's labels before it is scraped.</summary>
    public IReadOnlyList<RelabelRule> RelabelConfigs { get; internal init; } = [];

    /// <summary><c>metric_relabel_configs</c>: applied to each scraped sample.</summary>
    public IReadOnlyList<RelabelRule> MetricRelabelConfigs { get; internal init; } = [];

    // A record prints every member; the bearer token stays out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("JobName = ").Append(JobName).Append(", Scheme = ").Append(Scheme).Append(", MetricsPath = ").Append(MetricsPath);
        return true;
    }
}
