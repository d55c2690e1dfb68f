using System.Text.Json.Nodes;
using DualHub.Client.Agent;
using DualHub.Client.Events;
using DualHub.Client.Failover;
using DualHub.Client.Health;
using DualHub.Client.Options;

namespace DualHub.Client;

/// <summary>
/// An agent's connection to its hubs: collects the process's <c>System.Diagnostics.Metrics</c> instruments every
/// <c>push_interval</c>, pushes them (Pushgateway API, text 0.0.4) to the first healthy hub, fails over and back,
/// spools what no hub accepts, and reports its health. Create one with <see cref="DualHubAgentFactory"/>.
/// </summary>
public interface IDualHubAgent : IAsyncDisposable
{
    /// <summary>Raised when the agent moves to a lower-priority hub, or to none (spooling).</summary>
    event EventHandler<HubChangedEventArgs>? FailedOver;

    /// <summary>Raised when the agent returns to a higher-priority hub (after the recovery hysteresis).</summary>
    event EventHandler<HubChangedEventArgs>? FailedBack;

    /// <summary>Raised when the spool drops its oldest batches to stay within its bounds.</summary>
    event EventHandler<SpoolOverflowEventArgs>? SpoolOverflow;

    /// <summary>Raised for every batch a hub accepts (use it to measure failover time and sequence gaps).</summary>
    event EventHandler<BatchAcceptedEventArgs>? BatchAccepted;

    /// <summary>The options it runs on: validated, every default applied, immutable.</summary>
    ResolvedAgentOptions Options { get; }

    /// <summary>Counters since start.</summary>
    AgentStats Stats { get; }

    /// <summary>Every hub's state.</summary>
    IReadOnlyList<HubStatus> HubStates { get; }

    /// <summary>URL of the standalone <c>/health</c> listener once started, else null.</summary>
    Uri? HealthUrl { get; }

    /// <summary>Agent-specific details added to <c>/health</c> (called on each request); may return null.</summary>
    Func<JsonObject?>? HealthDetails { get; set; }

    /// <summary>Agent-specific status (e.g. alert thresholds crossed); the worse of it and the hub status is reported.</summary>
    Func<AgentHealthStatus>? HealthStatus { get; set; }

    /// <summary>Opens the spool, starts the health listener (if configured), the probe loop and the push loop (first push at once).</summary>
    Task StartAsync(CancellationToken ct = default);

    /// <summary>Stops the loops and the listener; what is spooled stays on disk.</summary>
    Task StopAsync(CancellationToken ct = default);

    /// <summary>Collects and pushes one new batch now (outside the timer); true when a hub accepted it.</summary>
    Task<bool> PushNowAsync(CancellationToken ct = default);

    /// <summary>The agent's health now.</summary>
    AgentHealthReport GetHealth();
}
