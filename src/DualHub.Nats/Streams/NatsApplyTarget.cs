namespace DualHub.Nats.Streams;

/// <summary>One JetStream system to provision: a standalone server (leaf: one domain) or a whole cluster.</summary>
/// <param name="Label">What the report calls it (node name or "cluster").</param>
/// <param name="Urls">Client URLs to connect to.</param>
/// <param name="Replicas">Stream replicas.</param>
/// <param name="SourceDomains">Leaf hub: the edge domains each stream sources through <c>$JS.&lt;domain&gt;.API</c>.</param>
/// <param name="Consumers">Consumer names to create here.</param>
public sealed record NatsApplyTarget(
    string Label,
    IReadOnlyList<string> Urls,
    int Replicas,
    IReadOnlyList<string> SourceDomains,
    IReadOnlyList<string> Consumers)
{
    /// <summary>Credentials and TLS to connect with (the topology's <c>nats.security</c>), or null.</summary>
    public Messaging.NatsClientAuth? Auth { get; init; }
}
