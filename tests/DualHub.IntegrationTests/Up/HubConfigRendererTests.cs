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

            // CentralHub scrapes both Pushgateways itself (MainPC's data never depends on PC2), labelled as its scrapes.
            var central = HubConfigLoader.Parse(HubConfigRenderer.Render(topology.Get("central-hub"), addressing, Path.Combine(dir, "central-data"), nats));
            Assert.Equal(HubRole.Central, central.Role);
            Assert.Equal(
                ["pushgateways 127.0.0.1:20091", "pushgateways 127.0.0.1:20092"],
                central.Prometheus.ScrapeConfigs.SelectMany(j => j.StaticConfigs.SelectMany(s => s.Targets.Select(t => $"{j.JobName} {t}"))));
            Assert.Equal("central-mainpc", central.Prometheus.Global.ExternalLabels["hub"]);
            Assert.Empty(central.Prometheus.RemoteWrite);
            Assert.Equal("127.0.0.1:20000", central.Listen);
            Assert.Equal("nats://127.0.0.1:15222", central.Nats.Url);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
