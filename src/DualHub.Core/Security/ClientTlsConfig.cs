namespace DualHub.Core.Security;

/// <summary>
/// A client's <c>tls_config</c> with Prometheus' keys: the CA that signs the server's certificate (<c>ca_file</c>; the
/// system store without one), the client certificate and key for mutual TLS, the name expected in the server's
/// certificate (<c>server_name</c>) and <c>insecure_skip_verify</c>.
/// </summary>
public sealed record ClientTlsConfig
{
    public string? CaFile { get; init; }

    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    public string? ServerName { get; init; }

    public bool InsecureSkipVerify { get; init; }

    /// <summary>Throws naming <paramref name="key"/> when only one of cert_file and key_file is set.</summary>
    public void Validate(string key)
    {
        if ((CertFile is null) != (KeyFile is null))
        {
            throw new WebConfigException($"{key}: cert_file and key_file go together");
        }
    }
}
