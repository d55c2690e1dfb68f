using System.Text.RegularExpressions;
using DualHub.Cli.Render;
using DualHub.Client.Options;
using DualHub.Hub.Options;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Tests.Render;

/// <summary>
/// <c>dualhub render --secure</c> for two machines: every DualHub listener takes the generated web config, every
/// client of one speaks https with the CA, a client certificate and the password, NATS has its user and TLS on
/// every port, and every path names the install folder. Each file then loads with its own loader once the folder
/// is where the paths say (simulated by mapping the install folder back to the generated one).
/// </summary>
public sealed partial class SecureRenderTests : IDisposable
{
    private const string MainPc = "10.77.0.1";
    private const string Pc2 = "10.77.0.2";
    private static readonly string[] AgentFiles = ["resource_manager.yaml", "unified_utils.yaml", "observability_hub.yaml"];
    private static readonly string[] AgentSections = ["resource_manager", "unified_utils", "observability_hub"];
    private static readonly string[] Hubs = ["central-hub", "edge-hub", "pushgateway-mainpc", "pushgateway-pc2"];

    private readonly string _dir = Directory.CreateTempSubdirectory("dualhub-secure-render-").FullName;
    private readonly SecureDeployment _secure;
    private readonly IReadOnlyList<RenderedFile> _files;

    public SecureRenderTests()
    {
        var nats = TwoHosts();
        _secure = SecureDeployment.Create(Path.Combine(_dir, SecureDeployment.FolderName), nats, TimeProvider.System, TimeSpan.FromDays(365));
        _files = DeploymentRenderer.Render(nats, DeploymentRenderer.DefaultExecutable, secure: _secure);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Every_hub_listener_takes_the_web_config_and_every_path_is_the_install_folder()
    {
        foreach (var hub in Hubs)
        {
            var unit = _files.Single(f => f.Name == $"dualhub-{hub}.service").Content;
            Assert.Matches($"\nExecStart=/usr/local/bin/dualhub hub --config /etc/dualhub/{hub}.yml --web.config.file /etc/dualhub/secure/web.yml\n", unit);
        }

        foreach (var f in _files)
        {
            Assert.DoesNotContain(_dir, f.Content, StringComparison.Ordinal);
        }

        var paths = _files.SelectMany(f => SecurePath().Matches(f.Content)).Select(m => m.Value).ToHashSet();
        Assert.Equal(
            ["/etc/dualhub/secure/nats.password", "/etc/dualhub/secure/password", "/etc/dualhub/secure/pki/ca.pem", "/etc/dualhub/secure/pki/client.key",
             "/etc/dualhub/secure/pki/client.pem", "/etc/dualhub/secure/pki/server.key", "/etc/dualhub/secure/pki/server.pem", "/etc/dualhub/secure/web.yml"],
            paths.Order(StringComparer.Ordinal));
        foreach (var path in paths)
        {
            Assert.True(File.Exists(Local(path)), path);
        }

        // Each machine's compose services mount the shared folder where the configs name it.
        Assert.Contains("source: \"../secure\"\n      target: \"/etc/dualhub/secure\"", Content("pc2", "docker-compose.yml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_hub_config_loads_and_scrapes_and_writes_to_hubs_over_https_with_the_CA_and_credentials()
    {
        foreach (var hub in Hubs)
        {
            var file = _files.Single(f => f.Name == hub + ".yml");
            var options = HubConfigLoader.Parse(Local(file.Content), file.Name, new HubOverrides { WebConfigFile = Local(SecureDeployment.WebConfigFile) });
            Assert.NotNull(options.Web.Tls);
            Assert.True(options.Web.RequiresAuth);
            if (options.Nats.Enabled)
            {
                Assert.Equal("dualhub", options.Nats.Auth?.User);
                Assert.NotNull(options.Nats.Auth?.Tls?.CertFile);
            }
            foreach (var job in options.Prometheus.ScrapeConfigs)
            {
                Assert.Equal("https", job.Scheme);
                AssertClient(job.TlsConfig, job.BasicAuth);
            }

            foreach (var write in options.Prometheus.RemoteWrite.Where(w => w.Name != "store"))
            {
                Assert.Equal("https", write.Url.Scheme);
                AssertClient(write.TlsConfig, write.BasicAuth);
            }
        }

        var central = Content("mainpc", "central-hub.yml");
        // The console's probes of every part present the client certificate and the password.
        Assert.Contains("console:\n  tls_config:\n    ca_file: \"/etc/dualhub/secure/", central, StringComparison.Ordinal);
        Assert.Contains($"url: \"https://{MainPc}:9000\"", central, StringComparison.Ordinal);
        Assert.Contains($"url: \"https://{Pc2}:9100\"", central, StringComparison.Ordinal);
        Assert.Contains($"url: \"https://{Pc2}:9201\"", central, StringComparison.Ordinal);
        var edge = Content("pc2", "edge-hub.yml");
        Assert.Contains($"- url: https://{MainPc}:9000/api/v1/write\n    tls_config:\n", edge, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_agent_pushes_over_https_with_the_CA_and_credentials_and_guards_its_health_port()
    {
        foreach (var file in AgentFiles)
        {
            var options = AgentConfigLoader.Parse(Local(Content("pc2", file)), file, AgentSections, _ => null);
            Assert.Equal([new Uri($"https://{Pc2}:9100"), new Uri($"https://{MainPc}:9000")], options.Hubs.Select(h => h.Url));
            Assert.Equal(new Uri($"https://{Pc2}:9091"), options.Pushgateway);
            AssertClient(options.TlsConfig, options.BasicAuth);
            Assert.Equal(Local(SecureDeployment.WebConfigFile), options.WebConfigFile);
            Assert.Equal("dualhub", options.Nats.Auth?.User);
            Assert.NotNull(options.Nats.Auth?.Tls?.CertFile);
            Assert.NotNull(options.Validate().HealthWebConfig.Tls);
        }

        var observer = Content("pc2", "observability_hub.yaml");
        Assert.DoesNotContain("http://", observer, StringComparison.Ordinal);
    }

    [Fact]
    public void Nats_confs_have_a_user_and_TLS_on_client_and_leafnode_ports_and_the_topology_names_them()
    {
        var main = Content("mainpc", "nats-mainpc.conf");
        var pc2 = Content("pc2", "nats-pc2.conf");
        foreach (var conf in new[] { main, pc2 })
        {
            Assert.Contains("\nauthorization {\n  user: \"dualhub\"\n  password: \"$2", conf, StringComparison.Ordinal);
            Assert.Contains("\ntls {\n  cert_file: \"/etc/dualhub/secure/pki/server.pem\"\n  key_file: \"/etc/dualhub/secure/pki/server.key\"\n  ca_file: \"/etc/dualhub/secure/pki/ca.pem\"\n  verify: true\n", conf, StringComparison.Ordinal);
        }

        Assert.Contains("leafnodes {\n  listen: \"10.77.0.1:7422\"\n  tls {\n", main, StringComparison.Ordinal);
        Assert.Contains($"\nhttps: \"{MainPc}:8222\"\n", main, StringComparison.Ordinal);
        Assert.Contains($"\nhttps: \"{Pc2}:8223\"\n", pc2, StringComparison.Ordinal);
        Assert.Contains($"url: \"https://{Pc2}:8223\"", Content("mainpc", "central-hub.yml"), StringComparison.Ordinal);
        Assert.Contains("\n  authorization {\n", main, StringComparison.Ordinal);
        Assert.Matches($"nats-leaf://dualhub:[^@]+@{MainPc}:7422", pc2);
        Assert.Contains("      tls {\n        ca_file: \"/etc/dualhub/secure/pki/ca.pem\"\n        cert_file: \"/etc/dualhub/secure/pki/client.pem\"", pc2, StringComparison.Ordinal);
        Assert.True(_files.Single(f => f.Name == "nats-pc2.conf").Private);

        foreach (var machine in new[] { "mainpc", "pc2" })
        {
            var topology = NatsTopologyLoader.Parse(Local(Content(machine, TopologyFile.FileName)));
            NatsTopologyValidator.ThrowIfInvalid(topology);
            Assert.Equal("dualhub", topology.Security?.User);
            Assert.True(topology.Security!.VerifyClients);
            Assert.True(topology.Security.MonitorTls);
        }
    }

    [Fact]
    public void Alertmanager_and_vmalert_reach_CentralHub_over_https_with_the_CA_and_credentials()
    {
        var alertmanager = Content("mainpc", "alertmanager.yml");
        Assert.Contains(
            $"      - url: \"https://{MainPc}:9000/api/v1/alerts/webhook\"\n        send_resolved: true\n        http_config:\n          tls_config:\n            ca_file: \"/etc/dualhub/secure/pki/ca.pem\"\n",
            alertmanager, StringComparison.Ordinal);
        Assert.Contains("          basic_auth:\n            username: dualhub\n            password_file: \"/etc/dualhub/secure/password\"\n", alertmanager, StringComparison.Ordinal);

        var vmalert = Content("mainpc", "dualhub-vmalert.service");
        Assert.Contains($"-datasource.url=https://{MainPc}:9000 ", vmalert, StringComparison.Ordinal);
        Assert.Contains($"-remoteWrite.url=https://{MainPc}:9000 ", vmalert, StringComparison.Ordinal);
        foreach (var client in new[] { "datasource", "remoteRead", "remoteWrite" })
        {
            Assert.Contains($" -{client}.tlsCAFile=/etc/dualhub/secure/pki/ca.pem -{client}.tlsCertFile=/etc/dualhub/secure/pki/client.pem -{client}.tlsKeyFile=/etc/dualhub/secure/pki/client.key -{client}.basicAuth.username=dualhub -{client}.basicAuth.passwordFile=/etc/dualhub/secure/password", vmalert, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_secure_nothing_names_the_material()
    {
        var plain = DeploymentRenderer.Render(TwoHosts(), DeploymentRenderer.DefaultExecutable);

        Assert.Equal(_files.Select(f => (f.Machine, f.Name)), plain.Select(f => (f.Machine, f.Name)));
        foreach (var f in plain)
        {
            Assert.DoesNotContain("https://", f.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("secure", f.Content, StringComparison.Ordinal);
            Assert.False(f.Private);
        }
    }

    private static void AssertClient(DualHub.Core.Security.ClientTlsConfig? tls, DualHub.Core.Security.ClientBasicAuth? auth)
    {
        Assert.NotNull(tls);
        Assert.EndsWith("/secure/pki/ca.pem", tls.CaFile, StringComparison.Ordinal);
        Assert.EndsWith("/secure/pki/client.pem", tls.CertFile, StringComparison.Ordinal);
        Assert.EndsWith("/secure/pki/client.key", tls.KeyFile, StringComparison.Ordinal);
        Assert.Equal("dualhub", auth?.Username);
        Assert.EndsWith("/secure/password", auth?.PasswordFile, StringComparison.Ordinal);
    }

    // The install folder mapped back to where the material was generated: the files as they load once installed.
    private string Local(string text) => text.Replace(SecureDeployment.InstallDirectory + "/", Path.Combine(_dir, SecureDeployment.FolderName) + "/", StringComparison.Ordinal);

    private string Content(string machine, string name) => _files.Single(f => f.Machine == machine && f.Name == name).Content;

    private static NatsTopologyOptions TwoHosts()
    {
        var nats = DeploymentRenderer.DefaultNats();
        nats.Nodes[0].Host = MainPc;
        nats.Nodes[1].Host = Pc2;
        return nats;
    }

    [GeneratedRegex(@"/etc/dualhub/secure/[A-Za-z0-9/._-]*[A-Za-z0-9]")]
    private static partial Regex SecurePath();
}
