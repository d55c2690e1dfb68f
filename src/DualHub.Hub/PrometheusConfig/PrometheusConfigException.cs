namespace DualHub.Hub.PrometheusConfig;

/// <summary>A config error that stops the hub: the message names file, line and key.</summary>
public sealed class PrometheusConfigException : Exception
{
    public PrometheusConfigException()
    {
    }

    public PrometheusConfigException(string message)
        : base(message)
    {
    }

    public PrometheusConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
