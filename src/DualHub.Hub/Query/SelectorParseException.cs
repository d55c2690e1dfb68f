namespace DualHub.Hub.Query;

/// <summary>A selector that is not valid; the message is returned to the client as Prometheus' bad_data error.</summary>
public sealed class SelectorParseException : Exception
{
    public SelectorParseException()
    {
    }

    public SelectorParseException(string message)
        : base(message)
    {
    }

    public SelectorParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
