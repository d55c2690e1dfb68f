using System.Collections.Frozen;
using System.Text;

namespace DualHub.Core.Security;

/// <summary>
/// A listener's <c>--web.config.file</c> (Prometheus exporter-toolkit format) as <see cref="WebConfigLoader"/> validated
/// it: TLS when <see cref="Tls"/> is set, basic auth on every route when <see cref="BasicAuthUsers"/> is not empty.
/// </summary>
public sealed record WebConfig
{
    /// <summary>No web config: plain HTTP, no authentication.</summary>
    public static WebConfig None { get; } = new();

    /// <summary>The file it was read from, for messages; null for <see cref="None"/>.</summary>
    public string? Source { get; init; }

    public TlsServerConfig? Tls { get; init; }

    /// <summary><c>basic_auth_users</c>: user name to bcrypt hash.</summary>
    public FrozenDictionary<string, string> BasicAuthUsers { get; init; } = FrozenDictionary<string, string>.Empty;

    public bool RequiresAuth => BasicAuthUsers.Count > 0;

    /// <summary>The scheme clients use: <c>https</c> with TLS, else <c>http</c>.</summary>
    public string Scheme => Tls is null ? "http" : "https";

    // A record prints every member; the hashes stay out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Source = ").Append(Source).Append(", Tls = ").Append(Tls).Append(", Users = ").Append(BasicAuthUsers.Count);
        return true;
    }
}
