namespace DualHub.Cli.Targets;

/// <summary>The options of <c>dualhub check</c> that say where the deployment is.</summary>
internal sealed record CheckArguments
{
    public int BasePort { get; init; } = Up.UpTopology.PlanBasePort;

    public string? TopologyFile { get; init; }

    public string? Central { get; init; }

    public string? Edge { get; init; }

    public IReadOnlyList<string> Pushgateways { get; init; } = [];

    /// <summary><c>NAME=nats://HOST:PORT</c>: a NATS node's client URL.</summary>
    public IReadOnlyList<string> Nats { get; init; } = [];

    /// <summary><c>NAME=http://HOST:PORT</c>: a NATS node's monitoring URL.</summary>
    public IReadOnlyList<string> NatsMonitors { get; init; } = [];

    /// <summary>
    /// <c>--secure DIR</c>: the deployment runs with this material (<c>up --secure</c>, <c>render --secure</c>): hubs and
    /// the C# agents' health ports speak https, NATS wants its user and TLS.
    /// </summary>
    public Up.SecureMaterial? Secure { get; init; }
}
