using DualHub.Core.Security;
using DualHub.Testing;

namespace DualHub.Core.Tests.Security;

public sealed class WebConfigLoaderTests : IDisposable
{
    // bcrypt of "pw" at cost 4, so the tests stay fast.
    private static readonly string Hash = BCrypt.Net.BCrypt.HashPassword("pw", 4);
    private readonly string _dir = TempDir.Create();
    private readonly PkiFiles _pki;

    public WebConfigLoaderTests()
    {
        _pki = ThrowawayPki.Create(Path.Combine(_dir, "pki"), TimeProvider.System);
    }

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public void Reads_tls_with_relative_paths_and_users()
    {
        var web = Load($"""
            tls_server_config:
              cert_file: pki/server.pem
              key_file: pki/server.key
              client_ca_file: pki/ca.pem
              client_auth_type: RequireAndVerifyClientCert
              min_version: TLS13
            basic_auth_users:
              agent: {Hash}
            """);
        Assert.NotNull(web.Tls);
        Assert.Equal(_pki.ServerCertFile, web.Tls.CertFile);
        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, web.Tls.ClientAuth);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, web.Tls.MinVersion);
        Assert.True(web.Tls.Certificate.HasPrivateKey);
        Assert.Single(web.Tls.ClientCas);
        Assert.True(web.RequiresAuth);
        Assert.Equal("https", web.Scheme);
    }

    [Fact]
    public void Empty_file_and_empty_tls_section_mean_plain_http_without_auth()
    {
        Assert.Null(Load(string.Empty).Tls);
        var web = Load("tls_server_config:\nbasic_auth_users:\n");
        Assert.Null(web.Tls);
        Assert.False(web.RequiresAuth);
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  bogus: 1\n", ":4: tls_server_config.bogus: unknown key")]
    [InlineData("basic_auth_users:\n  agent: not-a-hash\n", ":2: basic_auth_users.agent: is not a bcrypt hash")]
    [InlineData("tls_server_config:\n  key_file: pki/server.key\n", "tls_server_config.cert_file: required")]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  client_ca_file: pki/ca.pem\n", "client CAs are configured without a client_auth_type")]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  client_auth_type: RequireAndVerifyClientCert\n", ":4: tls_server_config.client_ca_file: required")]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  client_auth_type: Sometimes\n", ":4: tls_server_config.client_auth_type: 'Sometimes' is not one of")]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  min_version: TLS11\n", ":4: tls_server_config.min_version: TLS 1.0 and 1.1 are not supported")]
    [InlineData("tls_server_config:\n  cert_file: pki/missing.pem\n  key_file: pki/server.key\n", ":2: tls_server_config.cert_file: cannot load the key pair")]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/client.key\n", "tls_server_config.cert_file: cannot load the key pair")]
    [InlineData("rate_limit:\n  burst: 1\n", ":1: rate_limit: not supported by DualHub")]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  client_allowed_sans: [a]\n", ":4: tls_server_config.client_allowed_sans: not supported by DualHub")]
    [InlineData("basic_auth_users: [a]\n", ":1: basic_auth_users: must be a mapping")]
    [InlineData("tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  prefer_server_cipher_suites: maybe\n", ":4: tls_server_config.prefer_server_cipher_suites: is not true or false")]
    [InlineData("a: [\n", "invalid YAML")]
    public void Bad_files_name_file_line_and_key(string yaml, string expected)
    {
        var ex = Assert.Throws<WebConfigException>(() => Load(yaml));
        Assert.StartsWith(Path.Combine(_dir, "web.yml"), ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_it()
    {
        var missing = Path.Combine(_dir, "nope.yml");
        Assert.Contains(missing, Assert.Throws<WebConfigException>(() => WebConfigLoader.Load(missing)).Message, StringComparison.Ordinal);
    }

    // A certificate for server authentication only, signed by a CA the config trusts (ThrowawayPki's server
    // certificate allows client authentication too, for NATS routes).
    private System.Security.Cryptography.X509Certificates.X509Certificate2 ServerOnly()
    {
        using var caKey = System.Security.Cryptography.ECDsa.Create();
        var caRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test CA", caKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddHours(-1), TimeProvider.System.GetUtcNow().AddDays(1));
        File.WriteAllText(Path.Combine(_dir, "pki", "ca.pem"), File.ReadAllText(_pki.CaFile) + "\n" + ca.ExportCertificatePem() + "\n");
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=server only", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.Create(ca, TimeProvider.System.GetUtcNow().AddHours(-1), TimeProvider.System.GetUtcNow().AddHours(12), [1, 2, 3]);
        return System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(cert.ExportCertificatePem());
    }

    [Fact]
    public void Client_certificates_are_checked_as_go_client_auth_types()
    {
        var client = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(_pki.ClientCertFile, _pki.ClientKeyFile);
        using var serverOnly = ServerOnly();
        TlsServerConfig With(ClientAuthType auth) => Load($"tls_server_config:\n  cert_file: pki/server.pem\n  key_file: pki/server.key\n  client_ca_file: pki/ca.pem\n  client_auth_type: {auth}\n").Tls!;

        var verify = With(ClientAuthType.RequireAndVerifyClientCert);
        Assert.True(ServerTls.Accepts(verify, client));
        Assert.False(ServerTls.Accepts(verify, null));
        Assert.False(ServerTls.Accepts(verify, serverOnly)); // signed by the CA, but not for client authentication
        Assert.True(ServerTls.Accepts(With(ClientAuthType.VerifyClientCertIfGiven), null));
        Assert.False(ServerTls.Accepts(With(ClientAuthType.RequireAnyClientCert), null));
        Assert.True(ServerTls.Accepts(With(ClientAuthType.RequestClientCert), null));
    }

    private WebConfig Load(string yaml)
    {
        var path = Path.Combine(_dir, "web.yml");
        File.WriteAllText(path, yaml);
        return WebConfigLoader.Load(path);
    }
}
