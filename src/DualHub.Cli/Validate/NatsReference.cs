namespace DualHub.Cli.Validate;

/// <summary>A NATS server a config connects to (agent <c>nats_url</c>, hub <c>nats.url</c>), to check against the topology.</summary>
internal sealed record NatsReference(string File, long Line, string Host, int Port, string Owner);
