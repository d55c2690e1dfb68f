namespace DualHub.Core.Security;

/// <summary>
/// <c>tls_server_config.client_auth_type</c>: Go's <c>tls.ClientAuthType</c> names, as the exporter-toolkit takes them.
/// Only <see cref="RequireAndVerifyClientCert"/> authenticates clients; the others are for migration and tests.
/// </summary>
public enum ClientAuthType
{
    /// <summary>No certificate is asked for (the default).</summary>
    NoClientCert,

    /// <summary>A certificate is asked for, not required, not verified.</summary>
    RequestClientCert,

    /// <summary>A certificate is required but not verified against <c>client_ca_file</c>.</summary>
    RequireAnyClientCert,

    /// <summary>A certificate is optional; one given must chain to <c>client_ca_file</c>.</summary>
    VerifyClientCertIfGiven,

    /// <summary>A certificate is required and must chain to <c>client_ca_file</c>.</summary>
    RequireAndVerifyClientCert,
}
