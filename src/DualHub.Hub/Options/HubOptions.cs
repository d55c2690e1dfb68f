namespace DualHub.Hub.Options;

/// <summary>Options of one hub, bound from the YAML config and the command-line overrides.</summary>
public sealed class HubOptions
{
    public HubRole Role { get; set; } = HubRole.Pushgateway;

    /// <summary>HOST:PORT; defaults by role: pushgateway :9091, edge :9100, central :9000.</summary>
    public string? Listen { get; set; }

    /// <summary>Directory holding the journal (<c>hub.db</c>). Default <c>./data</c>.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Enables <c>PUT /api/v1/admin/wipe</c> (Pushgateway <c>--web.enable-admin-api</c>).</summary>
    public bool EnableAdminApi { get; set; }

    /// <summary>Enables <c>PUT|POST /-/quit</c> (Pushgateway <c>--web.enable-lifecycle</c>).</summary>
    public bool EnableLifecycle { get; set; }

    /// <summary>Groups expire this long after their last successful push; zero (default) keeps them forever.</summary>
    public TimeSpan Ttl { get; set; }

    public AuthOptions Auth { get; set; } = new();

    public LimitsOptions Limits { get; set; } = new();

    public JournalOptions Journal { get; set; } = new();

    /// <summary>Prometheus-style sections (global, scrape_configs, remote_write) and sample_journal; see docs/edge.md.</summary>
    public PrometheusConfig.PrometheusConfiguration Prometheus { get; set; } = new();

    public string EffectiveListen => Listen ?? Role switch
    {
        HubRole.Edge => "0.0.0.0:9100",
        HubRole.Central => "0.0.0.0:9000",
        _ => "0.0.0.0:9091",
    };
}
