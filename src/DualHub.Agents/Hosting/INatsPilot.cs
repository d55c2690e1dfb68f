using DualHub.Client.Nats;

namespace DualHub.Agents.Hosting;

/// <summary>A pilot agent that raises alerts through the agent's NATS publisher.</summary>
internal interface INatsPilot
{
    /// <summary>Called once before <see cref="IPilotAgent.RunAsync"/> when the agent publishes to NATS.</summary>
    void UseAlerts(IAlertPublisher alerts);
}
