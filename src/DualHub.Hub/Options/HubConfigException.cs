namespace DualHub.Hub.Options;

/// <summary>A configuration error; the message names the key (and the line for YAML errors).</summary>
public sealed class HubConfigException : Exception
{
    public HubConfigException(string message)
        : base(message)
    {
    }

    public HubConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public HubConfigException()
    {
    }
}
