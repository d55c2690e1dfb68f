using DualHub.Hub.Options;

namespace DualHub.Hub.Tests.Options;

public sealed class ConsoleOptionsTests
{
    // What `up --secure` renders into CentralHub's config (SecureMaterial.ClientYaml under console:).
    private const string Secured = """
            console:
              tls_config:
                ca_file: /s/ca.pem
                cert_file: /s/client.pem
                key_file: /s/client.key
              basic_auth:
                username: dualhub
                password_file: /s/password
              deployment:
                - { machine: pc2, kind: hub, name: edge-hub, url: "https://127.0.0.1:9100" }
            """;

    [Fact]
    public void The_console_section_takes_the_probes_tls_config_and_basic_auth()
    {
        var o = HubConfigLoader.Parse(Secured);

        Assert.Equal("/s/ca.pem", o.Console.TlsConfig!.CaFile);
        Assert.Equal("/s/client.key", o.Console.TlsConfig.KeyFile);
        Assert.Equal("dualhub", o.Console.BasicAuth!.Username);
        Assert.Equal("/s/password", o.Console.BasicAuth.PasswordFile);
        Assert.Equal("https", Assert.Single(o.Console.Deployment).Url.Scheme);
    }

    [Fact]
    public void Basic_auth_without_a_username_is_an_error_naming_the_key()
    {
        var ex = Assert.Throws<HubConfigException>(() => HubConfigLoader.Parse("console:\n  basic_auth:\n    password_file: /s/password\n"));

        Assert.Contains("console.basic_auth.username", ex.Message, StringComparison.Ordinal);
    }
}
