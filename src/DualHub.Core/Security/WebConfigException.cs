namespace DualHub.Core.Security;

/// <summary>A bad <c>--web.config.file</c> (or client TLS setting); the message names the file, the line and the key.</summary>
public sealed class WebConfigException : Exception
{
    public WebConfigException(string message)
        : base(message)
    {
    }

    public WebConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public WebConfigException()
    {
    }
}
