namespace DualHub.Client.Options;

/// <summary>A bad or missing configuration value; <see cref="Key"/> names it (dotted path, e.g. <c>failover_config.max_retries</c>).</summary>
public sealed class AgentConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentConfigException()
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public AgentConfigException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public AgentConfigException(string message, Exception inner)
        : base(message, inner)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public AgentConfigException(string key, string message, Exception? inner = null)
        : base(message, inner)
    {
        Key = key;
    }

    /// <summary>The dotted path of the offending key.</summary>
    public string Key { get; }
}
