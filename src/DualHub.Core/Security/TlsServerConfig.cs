using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DualHub.Core.Security;

/// <summary>
/// <c>tls_server_config</c> of a web config, checked and loaded at start: the server certificate with its key, and the
/// client CAs when a client auth type verifies certificates. Paths are absolute (relative ones are taken from the web
/// config file's directory, as the exporter-toolkit does).
/// </summary>
public sealed record TlsServerConfig
{
    public required string CertFile { get; init; }

    public required string KeyFile { get; init; }

    public string? ClientCaFile { get; init; }

    public ClientAuthType ClientAuth { get; init; } = ClientAuthType.NoClientCert;

    /// <summary><c>min_version</c>, default TLS 1.2 (<c>TLS12</c>).</summary>
    public SslProtocols MinVersion { get; init; } = SslProtocols.Tls12;

    /// <summary><c>max_version</c>, default TLS 1.3 (<c>TLS13</c>).</summary>
    public SslProtocols MaxVersion { get; init; } = SslProtocols.Tls13;

    /// <summary>The certificate and its private key, read from <see cref="CertFile"/> and <see cref="KeyFile"/>.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The certificates of <see cref="ClientCaFile"/>; empty without one.</summary>
    public X509Certificate2Collection ClientCas { get; init; } = [];

    // A record prints every member; the certificate stays out of logs.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("CertFile = ").Append(CertFile).Append(", ClientAuth = ").Append(ClientAuth).Append(", MinVersion = ").Append(MinVersion);
        return true;
    }
}
