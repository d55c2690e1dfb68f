using System.Text;
using DualHub.Core.Security;
using DualHub.Hub.Relabel;

namespace DualHub.Hub.PrometheusConfig;

/// <summary>One <c>remote_write</c> upstream.</summary>
public sealed record RemoteWriteConfig
{
    public Uri Url { get; internal init; } = new("http://127.0.0.1:9000/api/v1/write");

    /// <summary>Unique name; defaults to a stable name derived from the URL. Names the persisted cursor.</summary>
    public string Name { get; internal init; } = string.Empty;

    public TimeSpan RemoteTimeout { get; internal init; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra request headers; names compare case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; internal init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public ClientBasicAuth? BasicAuth { get; internal init; }

    /// <summary><c>tls_config</c> for an https URL (CA, client certificate, server_name).</summary>
    public ClientTlsConfig? TlsConfig { get; internal init; }

    public string? BearerToken { get; internal init; }

    public QueueConfig QueueConfig { get; internal init; } = new();

    /// <summary>
    /// DualHub's own key <c>resend_window</c>: after a failed send, batches the upstream acknowledged this recently are
    /// sent again (for a store that acknowledges before it persists; it must drop exact duplicates). Zero = never.
    /// </summary>
    public TimeSpan ResendWindow { get; internal init; }
    /// <summary><c>write_relabel_configs</c>: applied to each series before it is sent.</summary>
    public IReadOnlyList<RelabelRule> WriteRelabelConfigs { get; internal init; } = [];

    // A record prints every member; the token and the headers (which may carry credentials) stay out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", Url = ").Append(Url);
        return true;
    }
}
