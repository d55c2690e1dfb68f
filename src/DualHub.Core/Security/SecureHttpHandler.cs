using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DualHub.Core.Security;

/// <summary>
/// The one place a DualHub client (agent SDK, remote_write, scrapes, <c>check</c>, <c>up</c>'s probes, the console's
/// probes) gets its TLS and basic-auth settings: the caller's <see cref="SocketsHttpHandler"/> (timeouts, pooling) with
/// the server certificate checked against <c>ca_file</c>, the client certificate offered, and <c>Authorization: Basic</c>
/// added to each request that has none.
/// </summary>
public static class SecureHttpHandler
{
    /// <summary>Returns <paramref name="inner"/> itself when neither setting is given.</summary>
    public static HttpMessageHandler Create(SocketsHttpHandler inner, ClientTlsConfig? tls, ClientBasicAuth? basicAuth, string key = "tls_config")
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (tls is not null)
        {
            inner.SslOptions = ClientOptions(tls, key);
        }

        return basicAuth is null ? inner : new BasicAuthHandler(basicAuth, inner);
    }

    /// <summary>The client TLS options of <paramref name="tls"/>; files are read now, so a bad one fails at start naming <paramref name="key"/>.</summary>
    public static SslClientAuthenticationOptions ClientOptions(ClientTlsConfig tls, string key = "tls_config")
    {
        ArgumentNullException.ThrowIfNull(tls);
        tls.Validate(key);
        var roots = tls.CaFile is null ? null : WebConfigLoader.LoadCas(tls.CaFile, key, null, "ca_file");
        var options = new SslClientAuthenticationOptions
        {
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusts(tls, roots, cert, errors),
        };
        if (tls.CertFile is not null && tls.KeyFile is not null)
        {
            try
            {
                options.ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.CertFile, tls.KeyFile)];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                throw new WebConfigException($"{key}.cert_file: cannot load the key pair {tls.CertFile} + {tls.KeyFile}: {ex.Message}", ex);
            }
        }

        return options;
    }

    private static bool Trusts(ClientTlsConfig tls, X509Certificate2Collection? roots, X509Certificate? cert, SslPolicyErrors errors)
    {
        if (tls.InsecureSkipVerify)
        {
            return true;
        }

        if (cert is null)
        {
            return false;
        }

        using var leaf = new X509Certificate2(cert);
        var nameOk = tls.ServerName is { } name ? leaf.MatchesHostname(name) : (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        if (!nameOk)
        {
            return false;
        }

        if (roots is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
