namespace DualHub.Cli.Targets;

/// <summary>
/// One NATS server of a running deployment: client and monitoring URLs, and the consumers the plan puts on it
/// (<see cref="DualHub.Nats.Streams.NatsStreamPlan"/>); <paramref name="LeafHub"/> is the node its streams feed, if any.
/// </summary>
internal sealed record NatsTarget(string Name, string ClientUrl, string MonitorUrl, IReadOnlyList<string> Consumers, string? LeafHub);
