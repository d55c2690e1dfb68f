namespace DualHub.Cli.Targets;

/// <summary>Every address <c>dualhub check</c> probes, resolved from the plan's layout, a topology file and overrides.</summary>
internal sealed record CheckTargets(IReadOnlyList<HubTarget> Hubs, IReadOnlyList<NatsTarget> Nats, IReadOnlyList<Up.UpAgent> Agents)
{
    public const string Central = "central-hub";
    public const string Edge = "edge-hub";

    public HubTarget Hub(string name) => Hubs.First(h => h.Name == name);

    /// <summary>What the NATS checks connect with: the topology's <c>nats.security</c>, or null.</summary>
    public Nats.Messaging.NatsClientAuth? NatsAuth { get; init; }

    public IReadOnlyList<HubTarget> Pushgateways => [.. Hubs.Where(h => h.Role == "pushgateway")];

    /// <summary>The one-line description of what was checked (the results file's "deployment").</summary>
    public string Describe() =>
        "`dualhub check` against a running deployment: " + string.Join(", ", Hubs.Select(h => $"{h.Name} {h.BaseUrl.Authority}"))
        + (Nats.Count > 0 ? ", " + string.Join(", ", Nats.Select(n => $"nats {n.Name} {n.ClientUrl}")) : string.Empty);
}
