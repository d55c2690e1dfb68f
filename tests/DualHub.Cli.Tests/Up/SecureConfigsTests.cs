using DualHub.Cli.Up;
using DualHub.Client.Options;
using DualHub.Core.Security;

namespace DualHub.Cli.Tests.Up;

public sealed class SecureConfigsTests : IDisposable
{
    private const string Agent = """
        agent: { name: resource_manager, node: pc2 }
        hub_endpoints: { primary: "http://127.0.0.1:9100", fallback: "http://127.0.0.1:9000", pushgateway: "http://127.0.0.1:9092" }
        nats: { nats_url: "nats://127.0.0.1:4223", health_subject: observability.health.pc2, metrics_subject: observability.metrics.pc2 }
        health_port: 9201
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("dualhub-secure-configs-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void A_secured_agent_config_loads_with_https_hubs_client_keys_nats_login_and_a_tls_health_port()
    {
        var m = SecureMaterial.Create(Path.Combine(_dir.FullName, "secure"), TimeProvider.System);
        var path = Path.Combine(_dir.FullName, "agent.yaml");
        File.WriteAllText(path, SecureConfigs.Agent(Agent, m, healthTls: true));

        var o = AgentConfigLoader.Load(path, ["resource_manager"], _ => null).Validate();

        Assert.All(o.Hubs, h => Assert.Equal("https", h.Url.Scheme));
        Assert.Equal("https", o.Pushgateway!.Scheme);
        Assert.Equal(m.Tls, o.TlsConfig);
        Assert.Equal(m.PasswordFile, o.BasicAuth!.PasswordFile);
        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, o.HealthWebConfig.Tls!.ClientAuth);
        Assert.Equal(m.NatsPasswordFile, o.Nats.Auth!.PasswordFile);
        Assert.Equal(m.Pki.ClientCertFile, o.Nats.Auth.Tls!.CertFile);
    }

    [Fact]
    public void Open_or_create_keeps_an_existing_set_and_makes_a_new_one_when_a_file_is_missing()
    {
        var dir = Path.Combine(_dir.FullName, "secure");
        var first = SecureMaterial.OpenOrCreate(dir, TimeProvider.System);
        var ca = File.ReadAllText(first.Pki.CaFile);

        Assert.Equal(ca, File.ReadAllText(SecureMaterial.OpenOrCreate(dir, TimeProvider.System).Pki.CaFile));
        File.Delete(first.PasswordFile);
        Assert.NotEqual(ca, File.ReadAllText(SecureMaterial.OpenOrCreate(dir, TimeProvider.System).Pki.CaFile));
    }
}
