namespace DualHub.Hub.PrometheusConfig;

/// <summary>One <c>scrape_configs</c> job.</summary>
public sealed class ScrapeConfig
{
    public string JobName { get; set; } = string.Empty;

    /// <summary>Per-job interval; the global one when null.</summary>
    public TimeSpan? ScrapeInterval { get; set; }

    /// <summary>Per-job timeout; the global one when null.</summary>
    public TimeSpan? ScrapeTimeout { get; set; }

    public string MetricsPath { get; set; } = "/metrics";

    public string Scheme { get; set; } = "http";

    public Dictionary<string, List<string>> Params { get; } = new(StringComparer.Ordinal);

    public bool HonorLabels { get; set; }

    public bool HonorTimestamps { get; set; } = true;

    public BasicAuthConfig? BasicAuth { get; set; }

    public string? BearerToken { get; set; }

    public string? BearerTokenFile { get; set; }

    public List<StaticConfig> StaticConfigs { get; } = [];
}
