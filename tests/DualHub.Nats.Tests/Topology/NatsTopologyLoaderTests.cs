using DualHub.Nats.Topology;

namespace DualHub.Nats.Tests.Topology;

public sealed class NatsTopologyLoaderTests
{
    [Fact]
    public void Binds_the_nats_section_of_a_topology_file_with_snake_case_keys()
    {
        var yaml = """
            hubs:
              central: { port: 9000 }
            nats:
              topology: cluster
              cluster_name: obs
              duplicate_window: 5m
              ping_interval: 2s
              nodes:
                - { name: n1, host: 10.0.0.1, client_port: 4222, monitor_port: 8222, cluster_port: 6222, store_dir: /data/n1 }
                - { name: n2, host: 10.0.0.2, store_dir: /data/n2 }
                - { name: n3, host: 10.0.0.3, store_dir: /data/n3, role: edge }
            """;

        var t = NatsTopologyLoader.Parse(yaml);

        Assert.Equal(NatsTopologyKind.Cluster, t.Topology);
        Assert.Equal("obs", t.ClusterName);
        Assert.Equal(TimeSpan.FromMinutes(5), t.DuplicateWindowValue);
        Assert.Equal(3, t.Nodes.Count);
        Assert.Equal(6222, t.Nodes[0].ClusterPort);
        Assert.Equal("10.0.0.2", t.Nodes[1].Host);
        Assert.Equal(4222, t.Nodes[1].ClientPort);
        Assert.Equal("edge", t.Nodes[2].Role);
        Assert.Equal(3, t.Replicas);
    }

    [Fact]
    public void A_file_that_is_only_the_nats_section_binds_too_and_leaf_is_the_default()
    {
        var t = NatsTopologyLoader.Parse("nodes:\n  - { name: mainpc, store_dir: /a }\n  - { name: pc2, client_port: 4223, monitor_port: 8223, store_dir: /b }\n");

        Assert.Equal(NatsTopologyKind.Leaf, t.Topology);
        Assert.Equal(1, t.Replicas);
        Assert.Same(t.Nodes[0], t.LeafHubOf(t.Nodes[1]));
        Assert.Null(t.LeafHubOf(t.Nodes[0]));
        Assert.True(t.IsLeafHub(t.Nodes[0]));
    }

    [Fact]
    public void An_unknown_key_is_an_error_naming_the_key()
    {
        var ex = Assert.Throws<NatsTopologyException>(() => NatsTopologyLoader.Parse("nats:\n  nodes:\n    - { name: a, client_prot: 4222 }\n", "t.yaml"));

        Assert.StartsWith("t.yaml:3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("client_prot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_findings_map_to_the_line_of_their_key()
    {
        var yaml = "agents: {}\nnats:\n  topology: plan\n  nodes:\n    - name: a\n      store_dir: /a\n    - name: b\n      client_port: 4222\n      store_dir: /b\n";
        var t = NatsTopologyLoader.Parse(yaml);
        var lines = NatsTopologyLoader.KeyLines(yaml);

        var clash = Assert.Single(NatsTopologyValidator.Validate(t), i => i.Key == "nats.nodes[1].client_port");
        Assert.Equal(8, NatsTopologyLoader.LineOf(lines, clash.Key));
        Assert.Equal(3, NatsTopologyLoader.LineOf(lines, "nats.topology"));
        Assert.Equal(7, NatsTopologyLoader.LineOf(lines, "nats.nodes[1].cluster_port"));
    }

    [Fact]
    public void A_bad_topology_name_is_an_error()
    {
        var ex = Assert.Throws<NatsTopologyException>(() => NatsTopologyLoader.Parse("nats:\n  topology: mesh\n"));

        Assert.Contains("mesh", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Relative_store_dirs_resolve_against_the_file()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dualhub-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "topology.yaml");
            File.WriteAllText(file, "nats:\n  nodes:\n    - { name: a, store_dir: data/a }\n");

            var t = NatsTopologyLoader.LoadFile(file);

            Assert.Equal(Path.Combine(dir, "data", "a"), t.Nodes[0].StoreDir);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
