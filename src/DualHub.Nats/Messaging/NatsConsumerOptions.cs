namespace DualHub.Nats.Messaging;

/// <summary>How <see cref="IDurableConsumer"/> pulls and acks.</summary>
public sealed class NatsConsumerOptions
{
    /// <summary>Messages requested per pull (default 256).</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How long one pull waits for messages (default 5 s; NATS.Net needs more than 1 s).</summary>
    public TimeSpan Expires { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Redelivery delay after a failed commit (default 1 s), so a failing commit does not spin.</summary>
    public TimeSpan NakDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait for the server to confirm each ack (default true): an unconfirmed ack may be lost and redelivered.</summary>
    public bool DoubleAck { get; set; } = true;
}
