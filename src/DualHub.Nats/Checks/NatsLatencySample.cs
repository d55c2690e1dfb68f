namespace DualHub.Nats.Checks;

/// <summary>
/// One measured message, in ms from the start of the measurement: when its publish call started, when its stream ack came
/// back, and when the consumer received it. Kept in send order, so outliers can be placed in time.
/// </summary>
public readonly record struct NatsLatencySample(double SentMs, double AckedMs, double ReceivedMs)
{
    /// <summary>Publish call to consumer receipt: the measured latency.</summary>
    public double LatencyMs => ReceivedMs - SentMs;

    /// <summary>Publish call to stream ack.</summary>
    public double AckMs => AckedMs - SentMs;
}
