namespace DualHub.Hub.PrometheusConfig;

/// <summary>One <c>remote_write</c> upstream.</summary>
public sealed class RemoteWriteConfig
{
    public Uri Url { get; set; } = new("http://127.0.0.1:9000/api/v1/write");

    /// <summary>Unique name; defaults to a stable name derived from the URL. Names the persisted cursor.</summary>
    public string Name { get; set; } = string.Empty;

    public TimeSpan RemoteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public BasicAuthConfig? BasicAuth { get; set; }

    public string? BearerToken { get; set; }

    public QueueConfig QueueConfig { get; set; } = new();
}
