namespace DualHub.Hub.Options;

/// <summary>
/// Options of one hub as <see cref="HubConfigLoader"/> resolves them: the YAML config with the command-line overrides
/// merged, every default applied, every value checked. Immutable, and created only by the loader, so nothing a hub
/// runs on changes after validation.
/// </summary>
public sealed record HubOptions
{
    internal HubOptions()
    {
    }

    public HubRole Role { get; internal init; } = HubRole.Pushgateway;

    /// <summary>HOST:PORT as configured, or null for the role's default (<see cref="EffectiveListen"/>).</summary>
    public string? Listen { get; internal init; }

    /// <summary>Directory holding the journal (<c>hub.db</c>) and the sample journal (<c>samples.db</c>). Default <c>./data</c>.</summary>
    public string DataDir { get; internal init; } = "data";

    /// <summary>Enables <c>PUT /api/v1/admin/wipe</c> (Pushgateway <c>--web.enable-admin-api</c>).</summary>
    public bool EnableAdminApi { get; internal init; }

    /// <summary>Enables <c>PUT|POST /-/quit</c> and <c>/-/reload</c> (Pushgateway's and Prometheus' <c>--web.enable-lifecycle</c>).</summary>
    public bool EnableLifecycle { get; internal init; }

    /// <summary>Groups expire this long after their last successful push; zero (default) keeps them forever.</summary>
    public TimeSpan Ttl { get; internal init; }

    public AuthOptions Auth { get; internal init; } = new();

    /// <summary><c>--web.config.file</c> (Prometheus exporter-toolkit format): TLS and basic auth on every route; see docs/security.md.</summary>
    public DualHub.Core.Security.WebConfig Web { get; internal init; } = DualHub.Core.Security.WebConfig.None;

    public LimitsOptions Limits { get; internal init; } = new();

    public JournalOptions Journal { get; internal init; } = new();

    /// <summary>The NATS JetStream metrics path (<c>nats:</c>); see docs/nats.md.</summary>
    public Backbone.NatsHubOptions Nats { get; internal init; } = new();

    /// <summary>Alertmanager's webhook and the edge's own upstream alert (<c>alerts:</c>).</summary>
    public AlertsOptions Alerts { get; internal init; } = new();
    /// <summary>The long-term store's query API (<c>query:</c>), which CentralHub's query endpoints forward to; see docs/hub.md.</summary>
    public QueryOptions Query { get; internal init; } = new();

    /// <summary>
    /// Prometheus-style sections (global, scrape_configs, remote_write) and sample_journal, whose file lies in
    /// <see cref="DataDir"/>; see docs/edge.md.
    /// </summary>
    public PrometheusConfig.PrometheusConfiguration Prometheus { get; internal init; } = new();

    /// <summary>The console's view of the deployment (<c>console:</c>); see docs/console.md.</summary>
    public ConsoleOptions Console { get; internal init; } = new();

    /// <summary>HOST:PORT to listen on; defaults by role: pushgateway :9091, edge :9100, central :9000.</summary>
    public string EffectiveListen => Listen ?? Role switch
    {
        HubRole.Edge => "0.0.0.0:9100",
        HubRole.Central => "0.0.0.0:9000",
        _ => "0.0.0.0:9091",
    };
}
