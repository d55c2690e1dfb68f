using DualHub.Cli.Up;
using DualHub.Hub.Options;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

public sealed class HubConfigRendererTests
{
    [Fact]
    public void Shipped_edge_config_renders_with_shifted_ports_and_loads_without_warnings()
    {
        var dir = TempDir.Create();
        try
        {
            var topology = UpTopology.Plan(20000, dir);
            var path = HubConfigRenderer.Render("edge", Path.Combine(dir, "edge-hub"), topology.PortShift);

            Assert.NotNull(path);
            var options = HubConfigLoader.LoadFile(path);
            Assert.Empty(options.Prometheus.Warnings);
            Assert.Equal(HubRole.Edge, options.Role);
            var targets = options.Prometheus.ScrapeConfigs.SelectMany(j => j.StaticConfigs.SelectMany(s => s.Targets.Select(t => $"{j.JobName} {t}"))).ToList();
            // The agents' health ports (9201-9203), EdgeHub itself and both Pushgateways; never CentralHub (it would loop back).
            Assert.Equal(
                ["edgehub-self 127.0.0.1:20100", "pilot-agents 127.0.0.1:20201", "pilot-agents 127.0.0.1:20202", "pilot-agents 127.0.0.1:20203", "pushgateways 127.0.0.1:20091", "pushgateways 127.0.0.1:20092"],
                targets);
            Assert.DoesNotContain(options.Prometheus.ScrapeConfigs, j => j.HonorLabels);
            var upstream = Assert.Single(options.Prometheus.RemoteWrite);
            Assert.Equal(new Uri(topology.Get("central-hub").BaseUrl, "/api/v1/write"), upstream.Url);
            Assert.Equal("central", upstream.Name);
            Assert.Null(HubConfigRenderer.Render("central", Path.Combine(dir, "central-hub"), topology.PortShift));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
