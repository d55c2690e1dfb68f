using DualHub.Cli.Up;
using DualHub.Core.Security;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Tests.Up;

public sealed class SecureMaterialTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("dualhub-secure-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Web_config_requires_a_verified_client_certificate_and_holds_the_bcrypt_hash_of_the_owner_only_password()
    {
        var m = SecureMaterial.Create(_dir.FullName, TimeProvider.System, ["10.0.0.5"]);

        var web = WebConfigLoader.Load(m.WebConfigFile);
        var password = File.ReadAllText(m.PasswordFile).TrimEnd('\n');

        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, web.Tls!.ClientAuth);
        Assert.True(BCrypt.Net.BCrypt.Verify(password, web.BasicAuthUsers[SecureMaterial.User]));
        Assert.True(password.Length >= 32);
        Assert.NotEqual(password, File.ReadAllText(m.NatsPasswordFile).TrimEnd('\n'));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var secret in new[] { m.PasswordFile, m.NatsPasswordFile, m.WebConfigFile, m.Pki.ServerKeyFile, m.Pki.ClientKeyFile })
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
            }
        }
    }

    [Fact]
    public void Nats_security_is_a_valid_topology_section_and_the_client_yaml_names_the_ca_certificate_and_password_file()
    {
        var m = SecureMaterial.Create(_dir.FullName, TimeProvider.System);
        var topology = NatsTopologyDefaults.LoopbackLeaf(Path.Combine(_dir.FullName, "nats"));
        topology.Security = m.Nats;

        Assert.DoesNotContain(NatsTopologyValidator.Validate(topology), i => i.Severity == NatsIssueSeverity.Error);
        var yaml = m.ClientYaml("    ");
        Assert.Contains($"    tls_config:\n      ca_file: \"{m.Pki.CaFile}\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains($"      password_file: \"{m.PasswordFile}\"\n", yaml, StringComparison.Ordinal);
    }
}
