namespace DualHub.Nats.Topology;

/// <summary>A topology file or option that cannot be used; the message names the file and key.</summary>
public sealed class NatsTopologyException : Exception
{
    public NatsTopologyException()
    {
    }

    public NatsTopologyException(string message)
        : base(message)
    {
    }

    public NatsTopologyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
