using DualHub.Client.Events;

namespace DualHub.Client.Health;

/// <summary>Publishes nothing: the default until a NATS publisher is plugged in.</summary>
public sealed class NullHealthPublisher : IHealthPublisher
{
    /// <summary>The shared instance.</summary>
    public static readonly NullHealthPublisher Instance = new();

    /// <inheritdoc />
    public ValueTask PublishHealthAsync(AgentHealthReport report, CancellationToken ct) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask PublishHubChangedAsync(string agent, string node, HubChangedEventArgs change, CancellationToken ct) => ValueTask.CompletedTask;
}
