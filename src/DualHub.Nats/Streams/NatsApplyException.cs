namespace DualHub.Nats.Streams;

/// <summary>Apply could not reach JetStream (no meta leader, no server, timeout); the message says which and where.</summary>
public sealed class NatsApplyException : Exception
{
    public NatsApplyException()
    {
    }

    public NatsApplyException(string message)
        : base(message)
    {
    }

    public NatsApplyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
