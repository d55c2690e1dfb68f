namespace DualHub.Client.Agent;

/// <summary>Counters of one agent since it started (a snapshot).</summary>
/// <param name="Sequence">Last sequence number given to a new batch.</param>
/// <param name="PushesAccepted">Batches accepted by a hub (new, re-sent and spooled).</param>
/// <param name="PushAttemptsFailed">Failed push attempts (refused, timeout, 5xx), all hubs.</param>
/// <param name="BatchesRejected">Batches a hub refused as invalid (4xx), dropped.</param>
/// <param name="Failovers">Switches to a lower-priority hub or to none.</param>
/// <param name="Failbacks">Switches back to a higher-priority hub.</param>
/// <param name="SpoolBatches">Batches waiting in the spool.</param>
/// <param name="SpoolBytes">Bytes waiting in the spool.</param>
/// <param name="SpoolDropped">Batches dropped because the spool was full.</param>
/// <param name="ActiveHubIndex">Index of the active hub, -1 when none is healthy.</param>
/// <param name="ActiveHub">Name of the active hub, "none" when none.</param>
/// <param name="LastAcceptedSequence">Sequence of the last batch a hub accepted.</param>
/// <param name="LastAcceptedHub">Hub that accepted it.</param>
/// <param name="LastAcceptedAt">When.</param>
public readonly record struct AgentStats(
    long Sequence,
    long PushesAccepted,
    long PushAttemptsFailed,
    long BatchesRejected,
    long Failovers,
    long Failbacks,
    int SpoolBatches,
    long SpoolBytes,
    long SpoolDropped,
    int ActiveHubIndex,
    string ActiveHub,
    long LastAcceptedSequence,
    string? LastAcceptedHub,
    DateTimeOffset? LastAcceptedAt);
