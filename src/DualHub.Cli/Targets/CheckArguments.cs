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
}
