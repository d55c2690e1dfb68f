using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DualHub.Core.Security;

/// <summary>
/// The one translation of <c>tls_server_config</c> into .NET's server TLS options, used by Kestrel (the hubs) and by the
/// agents' health listener: client certificates are asked for and checked as Go's <c>tls.ClientAuthType</c> does.
/// </summary>
public static class ServerTls
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static SslServerAuthenticationOptions Options(TlsServerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ask = config.ClientAuth != ClientAuthType.NoClientCert;
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(config.Certificate, additionalCertificates: null),
            EnabledSslProtocols = Protocols(config),
            ClientCertificateRequired = ask,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = ask ? (_, cert, _, _) => Accepts(config, cert) : null,
        };
    }

    /// <summary>Whether a client presenting <paramref name="presented"/> (null: none) may complete the handshake.</summary>
    public static bool Accepts(TlsServerConfig config, X509Certificate? presented)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ClientAuth switch
        {
            ClientAuthType.NoClientCert or ClientAuthType.RequestClientCert => true,
            ClientAuthType.RequireAnyClientCert => presented is not null,
            ClientAuthType.VerifyClientCertIfGiven => presented is null || ChainsTo(presented, config.ClientCas),
            _ => presented is not null && ChainsTo(presented, config.ClientCas),
        };
    }

    /// <summary>Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> only (never the system store), for client authentication.</summary>
    public static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(roots);
        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(leaf);
    }

    private static System.Security.Authentication.SslProtocols Protocols(TlsServerConfig config)
    {
        var protocols = System.Security.Authentication.SslProtocols.None;
        foreach (var p in (System.Security.Authentication.SslProtocols[])[System.Security.Authentication.SslProtocols.Tls12, System.Security.Authentication.SslProtocols.Tls13])
        {
            if (p >= config.MinVersion && p <= config.MaxVersion)
            {
                protocols |= p;
            }
        }

        return protocols;
    }
}
