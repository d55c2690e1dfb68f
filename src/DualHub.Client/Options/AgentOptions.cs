using System.Globalization;
using DualHub.Core.Security;

namespace DualHub.Client.Options;

/// <summary>
/// Everything an agent needs, bound from the plan's agent YAML by <see cref="AgentConfigLoader"/> or set in code.
/// <see cref="Validate"/> throws <see cref="AgentConfigException"/> naming the key, or returns the
/// <see cref="ResolvedAgentOptions"/> an agent runs on.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>Agent name and node (YAML <c>agent</c>, required).</summary>
    public AgentIdentity Agent { get; set; } = new();

    /// <summary>Hubs in priority order (YAML <c>hub_endpoints</c>, required): the first is the primary.</summary>
    public IList<HubEndpoint> Hubs { get; } = new List<HubEndpoint>();

    /// <summary>An extra copy of every new batch, never part of failover nor spooled (YAML <c>hub_endpoints.pushgateway</c>).</summary>
    public Uri? Pushgateway { get; set; }

    /// <summary>Interval between two collections and pushes. Default 15 s.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Failover timing (YAML <c>failover_config</c>).</summary>
    public FailoverOptions Failover { get; set; } = new();

    /// <summary>NATS settings (YAML <c>nats</c>); used by an <see cref="Health.IHealthPublisher"/>.</summary>
    public NatsOptions Nats { get; set; } = new();

    /// <summary>The on-disk spool (YAML <c>spool</c>).</summary>
    public SpoolOptions Spool { get; set; } = new();

    /// <summary>Port of the standalone <c>/health</c> listener (YAML <c>health_port</c>); none when null, 0 picks a free port.</summary>
    public int? HealthPort { get; set; }

    /// <summary>Address of the <c>/health</c> listener (YAML <c>health_host</c>). Default 127.0.0.1.</summary>
    public string HealthHost { get; set; } = "127.0.0.1";

    /// <summary>
    /// TLS towards every hub and the Pushgateway (YAML <c>tls_config</c>, Prometheus' keys: <c>ca_file</c>,
    /// <c>cert_file</c>, <c>key_file</c>, <c>server_name</c>, <c>insecure_skip_verify</c>); null trusts the system store.
    /// </summary>
    public ClientTlsConfig? TlsConfig { get; set; }

    /// <summary>Basic auth sent to every hub and the Pushgateway (YAML <c>basic_auth</c>: <c>username</c>, <c>password</c> or <c>password_file</c>).</summary>
    public ClientBasicAuth? BasicAuth { get; set; }

    /// <summary>
    /// The health listener's <c>--web.config.file</c> (YAML <c>web_config_file</c>, Prometheus exporter-toolkit format):
    /// TLS and basic auth on <c>/health</c>, <c>/-/healthy</c> and <c>/metrics</c>; see docs/security.md.
    /// </summary>
    public string? WebConfigFile { get; set; }

    /// <summary>The whole YAML document, for agent-specific keys; null when the options were built in code.</summary>
    public ConfigSection? Config { get; set; }

    /// <summary>
    /// Checks every value; throws <see cref="AgentConfigException"/> naming the bad key. Returns an immutable copy with
    /// every default applied: these options stay as they are, and changing them later changes no agent.
    /// </summary>
    public ResolvedAgentOptions Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Agent.Name), "agent.name", "is required");
        Require(!string.IsNullOrWhiteSpace(Agent.Node), "agent.node", "must not be empty");
        Require(Hubs.Count > 0, "hub_endpoints", "needs at least one hub (primary)");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hub in Hubs)
        {
            var key = "hub_endpoints." + hub.Name;
            Require(names.Add(hub.Name), key, "is listed twice");
            RequireHttp(hub.Url, key);
        }

        if (Pushgateway is not null)
        {
            RequireHttp(Pushgateway, "hub_endpoints.pushgateway");
        }

        RequirePositive(PushInterval, "push_interval");
        var f = Failover;
        RequirePositive(f.HealthCheckInterval, "failover_config.health_check_interval");
        RequirePositive(f.RecoveryTimeout, "failover_config.recovery_timeout");
        RequirePositive(f.PushTimeout, "failover_config.push_timeout");
        RequirePositive(f.RecoveryBackoff, "failover_config.recovery_backoff");
        RequirePositive(f.PushTimeoutMin, "failover_config.push_timeout_min");
        Require(f.PushTimeoutMax >= f.PushTimeoutMin, "failover_config.push_timeout_max", "must not be below push_timeout_min");
        Require(f.PushTimeoutFactor is >= 1 and <= 100, "failover_config.push_timeout_factor", "must be between 1 and 100");
        Require(f.PushTimeoutPercentile is >= 50 and <= 100, "failover_config.push_timeout_percentile", "must be between 50 and 100");
        Require(f.LatencyWindow is >= 8 and <= 4096, "failover_config.latency_window", "must be between 8 and 4096");
        Require(f.LatencyMinSamples >= 1 && f.LatencyMinSamples <= f.LatencyWindow, "failover_config.latency_min_samples", "must be between 1 and latency_window");
        Require(f.RetryBackoff >= TimeSpan.Zero, "failover_config.retry_backoff", "must not be negative");
        Require(f.MaxRetries is >= 1 and <= 100, "failover_config.max_retries", "must be between 1 and 100");
        Require(f.FailoverThreshold is >= 1 and <= 100, "failover_config.failover_threshold", "must be between 1 and 100");
        Require(f.RecoverySuccesses is >= 1 and <= 100, "failover_config.recovery_successes", "must be between 1 and 100");
        Require(f.BackoffMultiplier is >= 1 and <= 100, "failover_config.backoff_multiplier", "must be between 1 and 100");
        Require(Spool.MaxBatches >= 1, "spool.max_batches", "must be at least 1");
        Require(Spool.MaxBytes >= 1024, "spool.max_bytes", "must be at least 1024");
        Require(HealthPort is null or (>= 0 and <= 65535), "health_port", "must be a TCP port (0-65535)");
        Require(Nats.Url.Scheme is "nats" or "tls" or "ws" or "wss", "nats.nats_url", "must be a nats:// URL");
        Require(BasicAuth is null || !string.IsNullOrEmpty(BasicAuth.Username), "basic_auth.username", "is required");
        Require(BasicAuth is null || BasicAuth.Password is null || BasicAuth.PasswordFile is null, "basic_auth.password_file", "cannot be given with basic_auth.password");
        try
        {
            // Files are read now, so a bad certificate or web config fails the start, not the first push.
            if (TlsConfig is not null)
            {
                _ = SecureHttpHandler.ClientOptions(TlsConfig);
            }

            return new ResolvedAgentOptions(this, WebConfigLoader.Load(WebConfigFile));
        }
        catch (WebConfigException ex)
        {
            throw new AgentConfigException(WebConfigFile is not null && ex.Message.StartsWith(WebConfigFile, StringComparison.Ordinal) ? "web_config_file" : "tls_config", ex.Message, ex);
        }
    }

    private static void RequireHttp(Uri url, string key) =>
        Require(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps), key, "must be an absolute http:// or https:// URL");

    private static void RequirePositive(TimeSpan value, string key) =>
        Require(value > TimeSpan.Zero, key, "must be greater than 0 (got " + value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s)");

    private static void Require(bool ok, string key, string problem)
    {
        if (!ok)
        {
            throw new AgentConfigException(key, $"{key}: {problem}");
        }
    }
}
