namespace DualHub.Nats.Checks;

/// <summary>
/// One measured message, in ms from the start of the measurement: when its publish call started, when its stream ack came
/// back, and when the consumer received it. Kept in send order, so outliers can be placed in time.
/// </summary>
public readonly record struct NatsLatencySample(double SentMs, double AckedMs, double ReceivedMs)
{
    /// <summary>Publish call to consumer receipt: the measured latency.</summary>
    public double LatencyMs => ReceivedMs - SentMs;

    /// <summary>
    /// When the consuming server's stream stored it (the stream timestamp, wall clock; NaN if unknown; on a replicated stream
    /// the time the leader proposed it): splits ack -> consume into the sourcing hop and the delivery to the consumer.
    /// </summary>
    public double StoredMs { get; init; } = double.NaN;

    /// <summary>Publish call to stream ack.</summary>
    public double AckMs => AckedMs - SentMs;

    /// <summary>The hop that took at least half of the latency, or <see cref="NatsLatencyHop.Client"/> when the server had stored it within 1 ms.</summary>
    public NatsLatencyHop SlowestHop
    {
        get
        {
            var stored = StoredMs - SentMs;
            return double.IsNaN(stored) ? NatsLatencyHop.Unknown
                : stored >= LatencyMs / 2 ? NatsLatencyHop.Server
                : stored < 1 && AckMs >= LatencyMs / 2 ? NatsLatencyHop.Client
                : NatsLatencyHop.Delivery;
        }
    }
}
