namespace DualHub.Client.Failover;

/// <summary>A snapshot of one hub's state, as shown on <c>/health</c>.</summary>
/// <param name="Index">Priority (0 = primary).</param>
/// <param name="Name">Hub name.</param>
/// <param name="Url">Base URL.</param>
/// <param name="State">Current health.</param>
/// <param name="Active">True for the hub pushes go to.</param>
/// <param name="ConsecutiveFailures">Failed probes in a row (healthy hubs) or failed recovery probes (backoff level).</param>
/// <param name="LastSuccess">Last accepted push or successful probe.</param>
/// <param name="LastFailure">Last failed push or probe.</param>
/// <param name="LastError">Why it last failed.</param>
/// <param name="NextProbe">When it is probed next.</param>
public sealed record HubStatus(
    int Index,
    string Name,
    Uri Url,
    HubState State,
    bool Active,
    int ConsecutiveFailures,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    DateTimeOffset NextProbe);
