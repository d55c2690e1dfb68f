namespace DualHub.Hub.PrometheusConfig;

/// <summary><c>queue_config</c> of a remote_write (Prometheus 2.42 defaults).</summary>
public sealed class QueueConfig
{
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public int MaxSamplesPerSend { get; set; } = 500;

    public TimeSpan BatchSendDeadline { get; set; } = TimeSpan.FromSeconds(5);

    public bool RetryOnHttp429 { get; set; }
}
