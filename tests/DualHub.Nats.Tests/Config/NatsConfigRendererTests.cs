using DualHub.Nats.Config;
using DualHub.Nats.Tests.Topology;
using DualHub.Nats.Topology;
using DualHub.Testing;

namespace DualHub.Nats.Tests.Config;

public sealed class NatsConfigRendererTests
{
    [Fact]
    public void Leaf_hub_has_its_own_domain_and_a_leafnode_listener()
    {
        var t = NatsTopologyDefaults.LoopbackLeaf("/var/lib/dualhub/nats");

        var conf = NatsConfigRenderer.Render(t, t.Nodes[0]);

        Assert.Contains("server_name: \"mainpc\"", conf, StringComparison.Ordinal);
        Assert.Contains("listen: \"127.0.0.1:4222\"", conf, StringComparison.Ordinal);
        Assert.Contains("http: \"127.0.0.1:8222\"", conf, StringComparison.Ordinal);
        Assert.Contains("domain: \"mainpc\"", conf, StringComparison.Ordinal);
        Assert.Contains("store_dir: \"/var/lib/dualhub/nats/mainpc\"", conf, StringComparison.Ordinal);
        Assert.Contains("listen: \"127.0.0.1:7422\"", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("remotes", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("cluster", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaf_edge_links_to_the_hub_with_integer_reconnect_and_keeps_observability_subjects_off_the_link()
    {
        var t = NatsTopologyDefaults.LoopbackLeaf("/s");

        var conf = NatsConfigRenderer.Render(t, t.Nodes[1]);

        Assert.Contains("listen: \"127.0.0.1:4223\"", conf, StringComparison.Ordinal);
        Assert.Contains("http: \"127.0.0.1:8223\"", conf, StringComparison.Ordinal);
        Assert.Contains("domain: \"pc2\"", conf, StringComparison.Ordinal);
        Assert.Contains("urls: [\"nats-leaf://127.0.0.1:7422\"]", conf, StringComparison.Ordinal);
        Assert.Matches(@"reconnect: \d+\n", conf);
        Assert.Contains("deny_imports: [\"observability.>\"]", conf, StringComparison.Ordinal);
        Assert.Contains("deny_exports: [\"observability.>\"]", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_nodes_route_to_every_peer_and_share_the_cluster_name_without_a_domain()
    {
        var t = NatsTopologyValidatorTests.Topology(NatsTopologyKind.Cluster, 3);

        var conf = NatsConfigRenderer.Render(t, t.Nodes[0]);

        Assert.Contains("name: \"resilience-cluster\"", conf, StringComparison.Ordinal);
        Assert.Contains("listen: \"127.0.0.1:6222\"", conf, StringComparison.Ordinal);
        Assert.Contains("\"nats-route://127.0.0.1:6223\"", conf, StringComparison.Ordinal);
        Assert.Contains("\"nats-route://127.0.0.1:6224\"", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("nats-route://127.0.0.1:6222", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("domain", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("leafnodes", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_ping_interval_is_rendered_from_the_topology()
    {
        var t = NatsTopologyDefaults.LoopbackLeaf("/s");
        t.PingInterval = "2500ms";

        Assert.Contains("ping_interval: \"2500ms\"", NatsConfigRenderer.Render(t, t.Nodes[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void RenderAll_refuses_an_invalid_topology()
    {
        var t = NatsTopologyValidatorTests.Topology(NatsTopologyKind.Cluster, 2);

        var dir = TempDir.Create();
        try
        {
            Assert.Throws<NatsTopologyException>(() => NatsConfigRenderer.RenderAll(t, dir));
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
