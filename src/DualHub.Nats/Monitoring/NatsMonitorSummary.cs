namespace DualHub.Nats.Monitoring;

/// <summary>What one server's monitoring endpoints say (from /varz, /jsz, /routez, /leafz, /healthz).</summary>
public sealed record NatsMonitorSummary
{
    public required string ServerName { get; init; }

    public required string Version { get; init; }

    public bool Healthy { get; init; }

    /// <summary>/healthz error text when not healthy (e.g. "JetStream has not established contact with a meta leader").</summary>
    public string? HealthError { get; init; }

    public long Connections { get; init; }

    public long InMsgs { get; init; }

    public long OutMsgs { get; init; }

    public long SlowConsumers { get; init; }

    public TimeSpan Uptime { get; init; }

    public bool JetStreamEnabled { get; init; }

    public string? Domain { get; init; }

    public long Streams { get; init; }

    public long Consumers { get; init; }

    public long Messages { get; init; }

    public long Bytes { get; init; }

    public long ApiErrors { get; init; }

    /// <summary>Meta group leader name (cluster and plan topologies); null when there is none or no cluster.</summary>
    public string? MetaLeader { get; init; }

    public int MetaClusterSize { get; init; }

    public IReadOnlyList<NatsRouteSummary> Routes { get; init; } = [];

    public IReadOnlyList<NatsLeafSummary> Leafs { get; init; } = [];
}

/// <summary>One route to a cluster peer.</summary>
public sealed record NatsRouteSummary(string RemoteId, string Ip, int Port, TimeSpan Rtt, bool DidSolicit);

/// <summary>One leafnode connection.</summary>
public sealed record NatsLeafSummary(string Name, string Account, string Ip, int Port, TimeSpan Rtt, long InMsgs, long OutMsgs);
