using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using DualHub.Client.Health;
using DualHub.Client.Options;

namespace DualHub.Agents.Hosting;

/// <summary>
/// One of the plan's pilot agents: reads its own config section, measures something on its <see cref="Meter"/>
/// (pushed by the SDK), and adds its own state to <c>/health</c>.
/// </summary>
public interface IPilotAgent : IDisposable
{
    /// <summary>Command name, e.g. <c>resource-manager</c>.</summary>
    string Name { get; }

    /// <summary>Its config section, e.g. <c>resource_manager</c>.</summary>
    string Section { get; }

    /// <summary>The meter holding its instruments (one per agent instance, so two agents in one process never mix).</summary>
    Meter Meter { get; }

    /// <summary>Reads <paramref name="section"/> (null when absent: defaults); throws <see cref="AgentConfigException"/> naming the key.</summary>
    void Configure(ConfigSection? section, ResolvedAgentOptions options);

    /// <summary>Does the agent's periodic work until <paramref name="ct"/> is cancelled.</summary>
    Task RunAsync(CancellationToken ct);

    /// <summary>Agent-specific part of <c>/health</c>.</summary>
    JsonObject? HealthDetails();

    /// <summary>Degraded when the agent's own alerts fire.</summary>
    AgentHealthStatus HealthStatus();
}
