namespace DualHub.Nats.Checks;

/// <summary>Where a measured message lost most of its time (<see cref="NatsLatencySample.SlowestHop"/>).</summary>
public enum NatsLatencyHop
{
    /// <summary>No store time from the server.</summary>
    Unknown,

    /// <summary>Publish to stored on the consuming server: the publish path, sourcing or replication.</summary>
    Server,

    /// <summary>Stored on the consuming server to received by the consumer.</summary>
    Delivery,

    /// <summary>
    /// Stored within 1 ms, but the ack and the delivery both came late: on an R1 stream the measuring process was not
    /// running. On a replicated stream the store time is when the leader proposed it, so this includes waiting for the
    /// replicas to confirm.
    /// </summary>
    Client,
}
