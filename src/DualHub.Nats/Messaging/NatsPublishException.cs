namespace DualHub.Nats.Messaging;

/// <summary>A publish that got no positive ack after every attempt (it may still have been stored: its msg id dedups a resend).</summary>
public sealed class NatsPublishException : Exception
{
    public NatsPublishException()
    {
    }

    public NatsPublishException(string message)
        : base(message)
    {
    }

    public NatsPublishException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
