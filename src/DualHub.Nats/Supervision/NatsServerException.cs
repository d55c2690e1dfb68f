namespace DualHub.Nats.Supervision;

/// <summary>A nats-server that did not start, exited, or did not become ready; the message carries its last output.</summary>
public sealed class NatsServerException : Exception
{
    public NatsServerException()
    {
    }

    public NatsServerException(string message)
        : base(message)
    {
    }

    public NatsServerException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
