using DualHub.Nats.Config;
using DualHub.Nats.Topology;

namespace DualHub.Nats.Tests.Config;

/// <summary><c>nats.security</c> in the rendered confs: user with a bcrypt hash, TLS on client and leafnode ports.</summary>
public sealed class NatsSecurityRenderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("dualhub-natssec-");

    [Fact]
    public void Hub_conf_holds_the_bcrypt_hash_of_the_password_and_tls_on_client_and_leafnode_ports()
    {
        var t = Secured();

        var conf = NatsConfigRenderer.Render(t, t.Nodes[0]);

        Assert.DoesNotContain("p@ss word", conf, StringComparison.Ordinal);
        var hashes = System.Text.RegularExpressions.Regex.Matches(conf, "password: \"(\\$2[^\"]+)\"");
        Assert.Equal(2, hashes.Count); // client port and leafnode port
        Assert.All(hashes, h => Assert.True(BCrypt.Net.BCrypt.Verify("p@ss word", h.Groups[1].Value)));
        Assert.Equal(2, CountOf(conf, "tls {"));
        Assert.Equal(2, CountOf(conf, "verify: true"));
        Assert.Contains($"cert_file: \"{Path.Combine(_dir.FullName, "server.pem")}\"", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void Edge_remote_carries_the_escaped_credentials_and_presents_the_client_certificate_and_the_file_is_owner_only()
    {
        var t = Secured();

        var files = NatsConfigRenderer.RenderAll(t, Path.Combine(_dir.FullName, "conf"));
        var conf = File.ReadAllText(files["pc2"]);

        Assert.Contains("urls: [\"nats-leaf://dualhub:p%40ss%20word@127.0.0.1:7422\"]", conf, StringComparison.Ordinal);
        Assert.Contains($"cert_file: \"{Path.Combine(_dir.FullName, "client.pem")}\"", conf, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(files["pc2"]));
        }
    }

    [Fact]
    public void A_user_without_a_password_file_and_verify_clients_without_a_client_certificate_are_errors()
    {
        var t = NatsTopologyDefaults.LoopbackLeaf("/s");
        t.Security = new NatsSecurityOptions { User = "dualhub", VerifyClients = true };

        var keys = NatsTopologyValidator.Validate(t).Where(i => i.Severity == NatsIssueSeverity.Error).Select(i => i.Key).ToList();

        Assert.Contains("nats.security.password_file", keys);
        Assert.Contains("nats.security.verify_clients", keys);
    }

    [Fact]
    public void Security_paths_are_relative_to_the_topology_file_and_give_the_clients_user_password_file_and_ca()
    {
        var file = Path.Combine(_dir.FullName, "topology.yml");
        File.WriteAllText(file, "nats:\n  security:\n    user: dualhub\n    password_file: nats.pass\n    ca_file: ca.pem\n    cert_file: server.pem\n    key_file: server.key\n  nodes:\n    - name: mainpc\n      store_dir: s\n");

        var auth = NatsTopologyLoader.LoadFile(file).Security!.ClientAuth()!;

        Assert.Equal("dualhub", auth.User);
        Assert.Equal(Path.Combine(_dir.FullName, "nats.pass"), auth.PasswordFile);
        Assert.Equal(Path.Combine(_dir.FullName, "ca.pem"), auth.Tls!.CaFile);
        Assert.Null(auth.Tls.CertFile);
    }

    [Fact]
    public void Cluster_routes_get_a_verifying_tls_block_and_monitor_tls_serves_monitoring_over_https()
    {
        var t = Secured();
        t.Topology = NatsTopologyKind.Cluster;
        t.Nodes[1].LeafHub = null;
        t.Nodes[0].ClusterPort = 6222;
        t.Nodes[1].ClusterPort = 6223;

        var plain = NatsConfigRenderer.Render(t, t.Nodes[0]);
        t.Security!.MonitorTls = true;
        var conf = NatsConfigRenderer.Render(t, t.Nodes[0]);

        Assert.Contains("\nhttp: \"127.0.0.1:8222\"\n", plain, StringComparison.Ordinal);
        Assert.Contains("\nhttps: \"127.0.0.1:8222\"\n", conf, StringComparison.Ordinal);
        Assert.Equal("https://127.0.0.1:8222", t.MonitorUrlOf(t.Nodes[0]));
        var cluster = conf[conf.IndexOf("\ncluster {", StringComparison.Ordinal)..];
        Assert.Contains($"  tls {{\n    cert_file: \"{Path.Combine(_dir.FullName, "server.pem")}\"\n", cluster, StringComparison.Ordinal);
        Assert.Contains("    verify: true\n", cluster, StringComparison.Ordinal);

        t.Security.CertFile = t.Security.KeyFile = null;
        t.Security.VerifyClients = false;
        Assert.Contains(NatsTopologyValidator.Validate(t), i => i.Key == "nats.security.monitor_tls");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private NatsTopologyOptions Secured()
    {
        var t = NatsTopologyDefaults.LoopbackLeaf(Path.Combine(_dir.FullName, "store"));
        foreach (var name in new[] { "ca.pem", "server.pem", "server.key", "client.pem", "client.key" })
        {
            File.WriteAllText(Path.Combine(_dir.FullName, name), "x");
        }

        File.WriteAllText(Path.Combine(_dir.FullName, "nats.pass"), "p@ss word\n");
        t.Security = new NatsSecurityOptions
        {
            User = "dualhub",
            PasswordFile = Path.Combine(_dir.FullName, "nats.pass"),
            CaFile = Path.Combine(_dir.FullName, "ca.pem"),
            CertFile = Path.Combine(_dir.FullName, "server.pem"),
            KeyFile = Path.Combine(_dir.FullName, "server.key"),
            VerifyClients = true,
            ClientCertFile = Path.Combine(_dir.FullName, "client.pem"),
            ClientKeyFile = Path.Combine(_dir.FullName, "client.key"),
        };
        return t;
    }
}
