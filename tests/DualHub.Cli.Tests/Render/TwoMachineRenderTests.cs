using DualHub.Cli.Render;
using DualHub.Client.Options;
using DualHub.Hub.Options;
using DualHub.Nats.Config;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Tests.Render;

/// <summary>
/// What <c>dualhub render</c> writes for two machines with hosts of their own: nothing on one machine names the other's
/// loopback, MainPC's data never depends on PC2, and each machine creates its own JetStream streams.
/// </summary>
public sealed class TwoMachineRenderTests
{
    private const string MainPc = "10.77.0.1";
    private const string Pc2 = "10.77.0.2";
    private static readonly string[] AgentSections = ["resource_manager", "unified_utils", "observability_hub"];

    [Fact]
    public void CentralHub_scrapes_both_Pushgateways_and_EdgeHub_only_PC2s_each_on_9091_of_its_own_host()
    {
        var files = Render(TwoHosts());

        var central = Hub(files, "mainpc", "central-hub.yml");
        Assert.Equal([$"centralhub-self {MainPc}:9000", $"pushgateways {MainPc}:9091", $"pushgateways {Pc2}:9091"], Targets(central));
        Assert.Equal("store", Assert.Single(central.Prometheus.RemoteWrite).Name);
        Assert.Equal($"{MainPc}:9000", central.Listen);
        Assert.Equal($"nats://{MainPc}:4222", central.Nats.Url);

        var edge = Hub(files, "pc2", "edge-hub.yml");
        Assert.Equal(
            [$"edgehub-self {Pc2}:9100", $"pilot-agents {Pc2}:9201", $"pilot-agents {Pc2}:9202", $"pilot-agents {Pc2}:9203", $"pushgateways {Pc2}:9091"],
            Targets(edge));
        Assert.Equal(new Uri($"http://{MainPc}:9000/api/v1/write"), Assert.Single(edge.Prometheus.RemoteWrite).Url);
        Assert.Equal($"nats://{Pc2}:4223,nats://{MainPc}:4222", edge.Nats.Url);

        // Two scrapers of PC2's Pushgateway, two series: neither one's backlog is dropped as older than the other's.
        Assert.NotEqual(central.Prometheus.Global.ExternalLabels["hub"], edge.Prometheus.Global.ExternalLabels["hub"]);

        Assert.Equal($"{MainPc}:9091", Hub(files, "mainpc", "pushgateway-mainpc.yml").Listen);
        Assert.Equal($"{Pc2}:9091", Hub(files, "pc2", "pushgateway-pc2.yml").Listen);

        // CentralHub's console links each part where it listens on its own machine.
        var console = files.Single(f => f.Machine == "mainpc" && f.Name == "central-hub.yml").Content;
        Assert.Contains($"name: \"pushgateway-pc2\", url: \"http://{Pc2}:9091\"", console, StringComparison.Ordinal);
        Assert.DoesNotContain(":9092", console, StringComparison.Ordinal);
    }

    [Fact]
    public void On_one_host_PC2s_Pushgateway_keeps_9092()
    {
        var files = Render(DeploymentRenderer.DefaultNats());

        Assert.Equal("127.0.0.1:9092", Hub(files, "pc2", "pushgateway-pc2.yml").Listen);
        Assert.Equal(["centralhub-self 127.0.0.1:9000", "pushgateways 127.0.0.1:9091", "pushgateways 127.0.0.1:9092"], Targets(Hub(files, "mainpc", "central-hub.yml")));
        Assert.Equal(new Uri("http://127.0.0.1:9092"), Agent(files, "resource_manager.yaml").Pushgateway);
    }

    [Fact]
    public void Every_address_a_machine_uses_is_its_own_or_the_other_machines_never_loopback()
    {
        var files = Render(TwoHosts());

        foreach (var f in files.Where(f => !f.Name.EndsWith(".service", StringComparison.Ordinal) && f.Name is not "Dockerfile"))
        {
            Assert.DoesNotContain("127.0.0.1:", f.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("localhost:", f.Content, StringComparison.Ordinal);
        }

        foreach (var file in new[] { "resource_manager.yaml", "unified_utils.yaml", "observability_hub.yaml" })
        {
            var agent = Agent(files, file);
            Assert.Equal([new Uri($"http://{Pc2}:9100"), new Uri($"http://{MainPc}:9000")], agent.Hubs.Select(h => h.Url));
            Assert.Equal(new Uri($"http://{Pc2}:9091"), agent.Pushgateway);
            Assert.Equal(new Uri($"nats://{Pc2}:4223"), agent.Nats.Url);
            Assert.Equal(Pc2, agent.HealthHost);
        }

        // PC2's leafnode dials MainPC's address; each server listens on its own.
        var pc2Nats = Content(files, "pc2", "nats-pc2.conf");
        Assert.Contains($"nats-leaf://{MainPc}:7422", pc2Nats, StringComparison.Ordinal);
        Assert.Contains($"listen: \"{Pc2}:4223\"", pc2Nats, StringComparison.Ordinal);
        Assert.Contains($"listen: \"{MainPc}:7422\"", Content(files, "mainpc", "nats-mainpc.conf"), StringComparison.Ordinal);
        var observer = Content(files, "pc2", "observability_hub.yaml");
        Assert.Contains($"health_stream_url: \"nats://{MainPc}:4222\"", observer, StringComparison.Ordinal);
        Assert.Contains($"url: \"http://{Pc2}:9091/-/healthy\"", observer, StringComparison.Ordinal);
    }

    // The store, vmalert and Alertmanager use no NATS: they need no streams before them.
    private static bool IsStoreOrAlerting(string unit) => unit is "dualhub-store.service" or "dualhub-vmalert.service" or "dualhub-alertmanager.service";

    [Fact]
    public void Each_machine_applies_its_own_streams_after_its_NATS_and_before_its_hubs_and_agents()
    {
        var files = Render(TwoHosts());

        foreach (var machine in new[] { "mainpc", "pc2" })
        {
            var unit = Content(files, machine, $"dualhub-streams-{machine}.service");
            Assert.Contains($"\nExecStart=/usr/local/bin/dualhub streams apply --topology /etc/dualhub/topology.yaml --node {machine}\n", unit, StringComparison.Ordinal);
            Assert.Contains("\nType=oneshot\nRemainAfterExit=yes\n", unit, StringComparison.Ordinal);
            Assert.Contains($"\nAfter=network-online.target dualhub-nats-{machine}.service\n", unit, StringComparison.Ordinal);
            Assert.Contains("\nRestart=on-failure\n", unit, StringComparison.Ordinal);
            Assert.Contains("\nStartLimitIntervalSec=0\n", unit, StringComparison.Ordinal);

            foreach (var service in files.Where(f => f.Machine == machine && f.Name.EndsWith(".service", StringComparison.Ordinal) && !f.Name.Contains("nats-", StringComparison.Ordinal) && !f.Name.Contains("streams-", StringComparison.Ordinal)
                && !IsStoreOrAlerting(f.Name)))
            {
                Assert.Contains($" dualhub-nats-{machine}.service dualhub-streams-{machine}.service", service.Content, StringComparison.Ordinal);
            }

            // The topology the unit reads is the one rendered, both nodes with their hosts.
            var topology = NatsTopologyLoader.Parse(Content(files, machine, TopologyFile.FileName));
            Assert.Equal([("mainpc", MainPc), ("pc2", Pc2)], topology.Nodes.Select(n => (n.Name, n.Host)));
            Assert.Equal("mainpc", topology.Nodes[1].LeafHub);
            Assert.Equal(NatsConfigRenderer.Render(TwoHosts(), TwoHosts().Nodes[1]), NatsConfigRenderer.Render(topology, topology.Nodes[1]));
        }
    }

    private static NatsTopologyOptions TwoHosts()
    {
        var nats = DeploymentRenderer.DefaultNats();
        nats.Nodes[0].Host = MainPc;
        nats.Nodes[1].Host = Pc2;
        return nats;
    }

    private static IReadOnlyList<RenderedFile> Render(NatsTopologyOptions nats) => DeploymentRenderer.Render(nats, DeploymentRenderer.DefaultExecutable);

    private static string Content(IReadOnlyList<RenderedFile> files, string machine, string name) =>
        files.Single(f => f.Machine == machine && f.Name == name).Content;

    private static HubOptions Hub(IReadOnlyList<RenderedFile> files, string machine, string name) => HubConfigLoader.Parse(Content(files, machine, name), name);

    private static AgentOptions Agent(IReadOnlyList<RenderedFile> files, string name) => AgentConfigLoader.Parse(Content(files, "pc2", name), name, AgentSections, _ => null);

    private static List<string> Targets(HubOptions hub) =>
        [.. hub.Prometheus.ScrapeConfigs.SelectMany(j => j.StaticConfigs.SelectMany(s => s.Targets.Select(t => $"{j.JobName} {t}")))];
}
