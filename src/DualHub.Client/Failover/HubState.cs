namespace DualHub.Client.Failover;

/// <summary>Health of one hub as the agent sees it.</summary>
public enum HubState
{
    /// <summary>Used for pushes (the first healthy hub in priority order is the active one).</summary>
    Healthy,

    /// <summary>Failed pushes or <c>failover_threshold</c> probes; probed with exponential backoff.</summary>
    Unhealthy,

    /// <summary>Answered some probes after being unhealthy; needs <c>recovery_successes</c> in a row to be used again.</summary>
    Recovering,
}
