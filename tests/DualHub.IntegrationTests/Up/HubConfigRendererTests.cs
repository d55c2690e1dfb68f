using DualHub.Cli.Up;
using DualHub.Hub.Options;
using DualHub.Nats.Topology;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

public sealed class HubConfigRendererTests
{
    [Fact]
    public void Hub_configs_render_with_shifted_ports_and_load_without_warnings()
    {
        var dir = TempDir.Create();
        try
        {
            var topology = UpTopology.Plan(20000, dir);
            var nats = NatsTopologyDefaults.LoopbackLeaf(Path.Combine(dir, "nats"), topology.PortShift);
            var addressing = Addressing.Loopback(topology.PortShift);
            var path = Path.Combine(dir, "edge.yml");
            File.WriteAllText(path, HubConfigRenderer.Render(topology.Get("edge-hub"), addressing, Path.Combine(dir, "edge-data"), nats));

            var options = HubConfigLoader.LoadFile(path);
            Assert.Empty(options.Prometheus.Warnings);
            Assert.Equal(HubRole.Edge, options.Role);
            var targets = options.Prometheus.ScrapeConfigs.SelectMany(j => j.StaticConfigs.SelectMany(s => s.Targets.Select(t => $"{j.JobName} {t}"))).ToList();
            // The agents' health ports (9201-9203), EdgeHub itself and PC2's Pushgateway; never CentralHub (it would loop back).
            Assert.Equal(
                ["edgehub-self 127.0.0.1:20100", "pilot-agents 127.0.0.1:20201", "pilot-agents 127.0.0.1:20202", "pilot-agents 127.0.0.1:20203", "pushgateways 127.0.0.1:20092"],
                targets);
            Assert.DoesNotContain(options.Prometheus.ScrapeConfigs, j => j.HonorLabels);
            var upstream = Assert.Single(options.Prometheus.RemoteWrite);
            Assert.Equal(new Uri(topology.Get("central-hub").BaseUrl, "/api/v1/write"), upstream.Url);
            Assert.Equal("central", upstream.Name);
            Assert.Equal("127.0.0.1:20100", options.Listen);
            Assert.Equal("nats://127.0.0.1:15223,nats://127.0.0.1:15222", options.Nats.Url);
            Assert.Equal("pc2", options.Nats.Node);

            // CentralHub scrapes both Pushgateways itself (MainPC's data never depends on PC2), labelled as its scrapes, and
            // its own families (scope=self); it writes to and queries its store.
            var central = HubConfigLoader.Parse(HubConfigRenderer.Render(topology.Get("central-hub"), addressing, Path.Combine(dir, "central-data"), nats, topology.Store.Endpoints("127.0.0.1")));
            Assert.Equal(HubRole.Central, central.Role);
            Assert.Equal(
                ["centralhub-self 127.0.0.1:20000", "pushgateways 127.0.0.1:20091", "pushgateways 127.0.0.1:20092"],
                central.Prometheus.ScrapeConfigs.SelectMany(j => j.StaticConfigs.SelectMany(s => s.Targets.Select(t => $"{j.JobName} {t}"))));
            Assert.Equal(["self"], central.Prometheus.ScrapeConfigs[0].Params["scope"]);
            Assert.Equal("central-mainpc", central.Prometheus.Global.ExternalLabels["hub"]);
            Assert.Equal("127.0.0.1:20000", central.Listen);
            Assert.Equal("nats://127.0.0.1:15222", central.Nats.Url);
            var store = Assert.Single(central.Prometheus.RemoteWrite);
            Assert.Equal(("store", new Uri("http://127.0.0.1:19428/api/v1/write"), TimeSpan.FromSeconds(30)), (store.Name, store.Url, store.ResendWindow));
            Assert.Equal(new Uri("http://127.0.0.1:19428"), central.Query.Url);

            // A VictoriaMetrics cluster: vminsert's and vmselect's Prometheus paths of the tenant, no resend window.
            var cluster = StoreEndpoints.Cluster(new Uri("http://10.0.0.5:8480"), new Uri("http://10.0.0.6:8481/"), "0");
            var clustered = HubConfigLoader.Parse(HubConfigRenderer.Render(topology.Get("central-hub"), addressing, Path.Combine(dir, "central-data"), nats, cluster));
            Assert.Equal(new Uri("http://10.0.0.5:8480/insert/0/prometheus/api/v1/write"), Assert.Single(clustered.Prometheus.RemoteWrite).Url);
            Assert.Equal(TimeSpan.Zero, clustered.Prometheus.RemoteWrite[0].ResendWindow);
            Assert.Equal(new Uri("http://10.0.0.6:8481/select/0/prometheus"), clustered.Query.Url);

            // vmalert and Alertmanager of the same run: CentralHub as datasource and remote-write target, the shifted ports.
            Assert.Equal(
                ["-httpListenAddr=127.0.0.1:19880", "-rule=/r/*.yml", "-datasource.url=http://127.0.0.1:20000", "-remoteRead.url=http://127.0.0.1:20000", "-remoteWrite.url=http://127.0.0.1:20000", "-notifier.url=http://127.0.0.1:20093", "-evaluationInterval=15s", "-external.url=http://127.0.0.1:19880"],
                (topology.Vmalert with { Rules = "/r/*.yml" }).Arguments("127.0.0.1", topology.Get("central-hub").BaseUrl, topology.Alertmanager.BaseUrl("127.0.0.1")));
            Assert.Contains("--web.listen-address=127.0.0.1:20093", topology.Alertmanager.Arguments("127.0.0.1", "am.yml", "data"));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
