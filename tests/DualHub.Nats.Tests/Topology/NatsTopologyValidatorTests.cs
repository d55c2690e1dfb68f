using DualHub.Nats.Topology;

namespace DualHub.Nats.Tests.Topology;

public sealed class NatsTopologyValidatorTests
{
    internal static NatsTopologyOptions Topology(NatsTopologyKind kind, int nodes) => new()
    {
        Topology = kind,
        Nodes = Enumerable.Range(1, nodes).Select(i => new NatsNodeOptions
        {
            Name = $"n{i}",
            ClientPort = 4221 + i,
            MonitorPort = 8221 + i,
            ClusterPort = 6221 + i,
            LeafPort = 7421 + i,
            StoreDir = $"/tmp/store/n{i}",
        }).ToList(),
    };

    [Fact]
    public void The_loopback_leaf_deployment_is_valid_without_warnings()
    {
        var issues = NatsTopologyValidator.Validate(NatsTopologyDefaults.LoopbackLeaf("/tmp/x"));

        Assert.Empty(issues);
    }

    [Fact]
    public void Plan_topology_warns_that_it_survives_the_loss_of_neither_node()
    {
        var issues = NatsTopologyValidator.Validate(Topology(NatsTopologyKind.Plan, 2));

        var warning = Assert.Single(issues);
        Assert.Equal(NatsIssueSeverity.Warning, warning.Severity);
        Assert.Contains("NEITHER node", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, Topology(NatsTopologyKind.Plan, 2).Replicas);
    }

    [Fact]
    public void Plan_topology_with_three_nodes_is_an_error()
    {
        var issues = NatsTopologyValidator.Validate(Topology(NatsTopologyKind.Plan, 3));

        Assert.Contains(issues, i => i.Severity == NatsIssueSeverity.Error && i.Key == "nats.nodes");
    }

    [Theory]
    [InlineData(2, NatsIssueSeverity.Error)]
    [InlineData(4, NatsIssueSeverity.Warning)]
    public void Cluster_needs_an_odd_count_of_at_least_three(int nodes, NatsIssueSeverity severity)
    {
        var issues = NatsTopologyValidator.Validate(Topology(NatsTopologyKind.Cluster, nodes));

        Assert.Contains(issues, i => i.Severity == severity && i.Key == "nats.nodes");
    }

    [Fact]
    public void Three_and_five_node_clusters_are_valid_with_R3()
    {
        Assert.Empty(NatsTopologyValidator.Validate(Topology(NatsTopologyKind.Cluster, 3)));
        Assert.Empty(NatsTopologyValidator.Validate(Topology(NatsTopologyKind.Cluster, 5)));
        Assert.Equal(3, Topology(NatsTopologyKind.Cluster, 5).Replicas);
    }

    [Fact]
    public void A_port_clash_between_nodes_on_one_host_is_an_error_naming_both_keys()
    {
        var t = Topology(NatsTopologyKind.Leaf, 2);
        t.Nodes[1].MonitorPort = t.Nodes[0].ClientPort;

        var issues = NatsTopologyValidator.Validate(t);

        var clash = Assert.Single(issues, i => i.Severity == NatsIssueSeverity.Error);
        Assert.Equal("nats.nodes[1].monitor_port", clash.Key);
        Assert.Contains("nats.nodes[0].client_port", clash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_port_on_different_hosts_is_fine()
    {
        var t = Topology(NatsTopologyKind.Leaf, 2);
        t.Nodes[1].Host = "10.0.0.2";
        t.Nodes[1].ClientPort = t.Nodes[0].ClientPort;

        Assert.Empty(NatsTopologyValidator.Validate(t));
    }

    [Fact]
    public void The_leaf_hubs_leafnode_port_takes_part_in_clash_checks()
    {
        var t = Topology(NatsTopologyKind.Leaf, 2);
        t.Nodes[1].ClientPort = t.Nodes[0].LeafPort;

        Assert.Contains(NatsTopologyValidator.Validate(t), i => i.Key == "nats.nodes[1].client_port" && i.Message.Contains("leaf_port", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_names_shared_stores_unknown_leaf_hubs_and_bad_durations_are_errors()
    {
        var t = Topology(NatsTopologyKind.Leaf, 3);
        t.Nodes[0].Name = "main.pc";
        t.Nodes[1].StoreDir = t.Nodes[2].StoreDir;
        t.Nodes[2].LeafHub = "nowhere";
        t.DuplicateWindow = "soon";

        var keys = NatsTopologyValidator.Validate(t).Where(i => i.Severity == NatsIssueSeverity.Error).Select(i => i.Key).ToList();

        Assert.Contains("nats.nodes[0].name", keys);
        Assert.Contains("nats.nodes[2].store_dir", keys);
        Assert.Contains("nats.nodes[2].leaf_hub", keys);
        Assert.Contains("nats.duplicate_window", keys);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("-1s")]
    [InlineData("0")]
    [InlineData("1d")]
    public void Durations_must_be_positive_go_durations(string text)
    {
        var t = Topology(NatsTopologyKind.Leaf, 2);
        t.DuplicateWindow = text;
        t.PingInterval = text;

        var errors = NatsTopologyValidator.Validate(t).Where(i => i.Severity == NatsIssueSeverity.Error).ToList();

        Assert.Contains(errors, i => i.Key == "nats.duplicate_window" && i.Message.Contains($"'{text}'", StringComparison.Ordinal));
        Assert.Contains(errors, i => i.Key == "nats.ping_interval");
    }

    [Theory]
    [InlineData("24h", 86_400_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("500ms", 500)]
    public void Go_durations_are_what_nats_server_reads(string text, double ms)
    {
        var t = Topology(NatsTopologyKind.Leaf, 2);
        t.DuplicateWindow = text;

        Assert.DoesNotContain(NatsTopologyValidator.Validate(t), i => i.Key == "nats.duplicate_window");
        Assert.Equal(TimeSpan.FromMilliseconds(ms), t.DuplicateWindowValue);
    }

    [Fact]
    public void ThrowIfInvalid_lists_every_error()
    {
        var t = Topology(NatsTopologyKind.Cluster, 2);
        t.Nodes[1].ClientPort = 0;

        var ex = Assert.Throws<NatsTopologyException>(() => NatsTopologyValidator.ThrowIfInvalid(t));

        Assert.Contains("nats.nodes[1].client_port", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 or 5 nodes", ex.Message, StringComparison.Ordinal);
    }
}
