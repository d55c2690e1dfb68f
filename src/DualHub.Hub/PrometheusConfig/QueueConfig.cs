namespace DualHub.Hub.PrometheusConfig;

/// <summary><c>queue_config</c> of a remote_write (Prometheus 2.42 defaults).</summary>
public sealed record QueueConfig
{
    public TimeSpan MinBackoff { get; internal init; } = TimeSpan.FromMilliseconds(30);

    public TimeSpan MaxBackoff { get; internal init; } = TimeSpan.FromSeconds(5);

    public int MaxSamplesPerSend { get; internal init; } = 500;

    public TimeSpan BatchSendDeadline { get; internal init; } = TimeSpan.FromSeconds(5);

    public bool RetryOnHttp429 { get; internal init; }
}
