using DualHub.Core.Security;

namespace DualHub.Client.Options;

/// <summary>
/// <see cref="AgentOptions"/> as <see cref="AgentOptions.Validate"/> returns them: every value checked, every default
/// applied (spool directory, NATS subjects), the hubs in priority order. Immutable: the agent and each of its parts are
/// given these, so nothing they run on changes after validation. Only <see cref="AgentOptions.Validate"/> creates them.
/// </summary>
public sealed record ResolvedAgentOptions
{
    internal ResolvedAgentOptions(AgentOptions options, WebConfig healthWebConfig)
    {
        Agent = new ResolvedAgentIdentity(options.Agent);
        Hubs = [.. options.Hubs];
        Pushgateway = options.Pushgateway;
        PushInterval = options.PushInterval;
        Failover = new ResolvedFailoverOptions(options.Failover);
        Nats = new ResolvedNatsOptions(options.Nats, options.Agent.Node);
        Spool = new ResolvedSpoolOptions(options.Spool, options.Agent);
        HealthPort = options.HealthPort;
        HealthHost = options.HealthHost;
        Config = options.Config;
        TlsConfig = options.TlsConfig;
        BasicAuth = options.BasicAuth;
        HealthWebConfig = healthWebConfig;
    }

    /// <inheritdoc cref="AgentOptions.TlsConfig"/>
    public ClientTlsConfig? TlsConfig { get; }

    /// <inheritdoc cref="AgentOptions.BasicAuth"/>
    public ClientBasicAuth? BasicAuth { get; }

    /// <summary>The health listener's web config as read from <see cref="AgentOptions.WebConfigFile"/>; <see cref="WebConfig.None"/> without one.</summary>
    public WebConfig HealthWebConfig { get; }

    /// <inheritdoc cref="AgentOptions.Agent"/>
    public ResolvedAgentIdentity Agent { get; }

    /// <inheritdoc cref="AgentOptions.Hubs"/>
    public IReadOnlyList<HubEndpoint> Hubs { get; }

    /// <inheritdoc cref="AgentOptions.Pushgateway"/>
    public Uri? Pushgateway { get; }

    /// <inheritdoc cref="AgentOptions.PushInterval"/>
    public TimeSpan PushInterval { get; }

    /// <inheritdoc cref="AgentOptions.Failover"/>
    public ResolvedFailoverOptions Failover { get; }

    /// <inheritdoc cref="AgentOptions.Nats"/>
    public ResolvedNatsOptions Nats { get; }

    /// <inheritdoc cref="AgentOptions.Spool"/>
    public ResolvedSpoolOptions Spool { get; }

    /// <inheritdoc cref="AgentOptions.HealthPort"/>
    public int? HealthPort { get; }

    /// <inheritdoc cref="AgentOptions.HealthHost"/>
    public string HealthHost { get; }

    /// <inheritdoc cref="AgentOptions.Config"/>
    public ConfigSection? Config { get; }
}
