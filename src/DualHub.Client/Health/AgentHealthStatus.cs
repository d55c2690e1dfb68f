namespace DualHub.Client.Health;

/// <summary>Overall health of an agent.</summary>
public enum AgentHealthStatus
{
    /// <summary>Pushing to the primary, nothing spooled.</summary>
    Healthy,

    /// <summary>Pushing to a fallback, or batches waiting in the spool, or agent-specific alerts.</summary>
    Degraded,

    /// <summary>No hub accepts: everything is spooled.</summary>
    Unhealthy,
}
