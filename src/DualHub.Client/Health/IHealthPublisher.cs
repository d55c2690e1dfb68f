using DualHub.Client.Events;

namespace DualHub.Client.Health;

/// <summary>
/// Where an agent publishes its health and failover events beyond <c>/health</c> (NATS in issue 5).
/// Called from the agent's loops; implementations must not block for long and may throw (failures are logged).
/// </summary>
public interface IHealthPublisher
{
    /// <summary>Publishes the agent's health (every <c>health_check_interval</c> and after every hub change).</summary>
    ValueTask PublishHealthAsync(AgentHealthReport report, CancellationToken ct);

    /// <summary>Publishes a failover or fail-back.</summary>
    ValueTask PublishHubChangedAsync(string agent, string node, HubChangedEventArgs change, CancellationToken ct);
}
