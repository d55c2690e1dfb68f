using DualHub.Cli.Targets;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Tests.Targets;

public sealed class CheckTargetResolverTests
{
    [Fact]
    public void Without_options_the_targets_are_the_plans_addresses_on_loopback_as_up_runs_them()
    {
        var t = CheckTargetResolver.Resolve(new CheckArguments());

        Assert.Equal(
            ["central-hub http://127.0.0.1:9000/", "edge-hub http://127.0.0.1:9100/", "pushgateway-mainpc http://127.0.0.1:9091/", "pushgateway-pc2 http://127.0.0.1:9092/"],
            t.Hubs.Select(h => $"{h.Name} {h.BaseUrl}"));
        Assert.Equal(["central", "edge", "pushgateway", "pushgateway"], t.Hubs.Select(h => h.Role));
        Assert.Equal(
            ["mainpc nats://127.0.0.1:4222 http://127.0.0.1:8222 -", "pc2 nats://127.0.0.1:4223 http://127.0.0.1:8223 mainpc"],
            t.Nats.Select(n => $"{n.Name} {n.ClientUrl} {n.MonitorUrl} {n.LeafHub ?? "-"}"));
        // The leaf plan: mainpc holds centralhub and health-monitor, pc2 the edgehub consumer.
        Assert.Equal(["observability-metrics-centralhub", "observability-health-monitor"], t.Nats[0].Consumers);
        Assert.Equal(["observability-metrics-edgehub"], t.Nats[1].Consumers);
        Assert.Equal(
            ["resource_manager http://127.0.0.1:9201/health", "unified_utils_agent http://127.0.0.1:9202/health", "observability_hub http://127.0.0.1:9203/health"],
            t.Agents.Select(a => $"{a.Job} {a.HealthUrl}"));
    }

    [Fact]
    public void Base_port_moves_every_port_like_up_does()
    {
        var t = CheckTargetResolver.Resolve(new CheckArguments { BasePort = 31000 });

        Assert.Equal([31000, 31100, 31091, 31092], t.Hubs.Select(h => h.BaseUrl.Port));
        Assert.Equal(["nats://127.0.0.1:26222", "nats://127.0.0.1:26223"], t.Nats.Select(n => n.ClientUrl));
        Assert.Equal(["http://127.0.0.1:30222", "http://127.0.0.1:30223"], t.Nats.Select(n => n.MonitorUrl));
        Assert.Equal([31201, 31202, 31203], t.Agents.Select(a => a.HealthPort));
    }

    [Fact]
    public void Secure_material_makes_every_hub_and_agent_health_url_https_and_gives_nats_its_login()
    {
        var dir = Directory.CreateTempSubdirectory("dualhub-check-secure");
        try
        {
            var m = DualHub.Cli.Up.SecureMaterial.Create(dir.FullName, TimeProvider.System);

            var t = CheckTargetResolver.Resolve(new CheckArguments { BasePort = 31000, Secure = DualHub.Cli.Up.SecureMaterial.Open(dir.FullName) });

            Assert.All(t.Hubs, h => Assert.Equal("https", h.BaseUrl.Scheme));
            Assert.Equal(
                ["https://127.0.0.1:31201/health", "https://127.0.0.1:31202/health", "https://127.0.0.1:31203/health"],
                t.Agents.Select(a => a.HealthUrl.ToString()));
            Assert.NotNull(t.NatsAuth);
            Assert.Equal("dualhub", t.NatsAuth.User);
            Assert.Equal(m.NatsPasswordFile, t.NatsAuth.PasswordFile);
            Assert.Equal(m.Pki.ClientCertFile, t.NatsAuth.Tls?.CertFile);

            File.Delete(m.NatsPasswordFile);
            var missing = Assert.Throws<IOException>(() => DualHub.Cli.Up.SecureMaterial.Open(dir.FullName));
            Assert.Contains(m.NatsPasswordFile + " is missing", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_topology_puts_each_hub_and_agent_on_its_machines_host_as_render_does()
    {
        var topology = NatsTopologyDefaults.LoopbackLeaf("/var/lib/dualhub/nats");
        topology.Nodes[0].Host = "10.0.0.5";
        topology.Nodes[1].Host = "10.0.0.6";
        topology.Nodes[1].MonitorPort = 8333;

        var t = CheckTargetResolver.Resolve(new CheckArguments { TopologyFile = "topology.yaml" }, file => file == "topology.yaml" ? topology : throw new InvalidOperationException(file));

        Assert.Equal(
            ["central-hub http://10.0.0.5:9000/", "edge-hub http://10.0.0.6:9100/", "pushgateway-mainpc http://10.0.0.5:9091/", "pushgateway-pc2 http://10.0.0.6:9091/"],
            t.Hubs.Select(h => $"{h.Name} {h.BaseUrl}"));
        Assert.Equal(["nats://10.0.0.5:4222 http://10.0.0.5:8222", "nats://10.0.0.6:4223 http://10.0.0.6:8333"], t.Nats.Select(n => $"{n.ClientUrl} {n.MonitorUrl}"));
        // The pilot agents run on PC2.
        Assert.All(t.Agents, a => Assert.Equal("10.0.0.6", a.HealthUrl.Host));
    }

    [Fact]
    public void Urls_on_the_command_line_win_and_a_bare_host_port_is_http()
    {
        var t = CheckTargetResolver.Resolve(new CheckArguments
        {
            Central = "10.1.1.1:9000",
            Edge = "https://edge.example:9443",
            Pushgateways = ["http://10.1.1.1:9091", "10.1.1.2:9092", "10.1.1.3:9093"],
            Nats = ["pc2=nats://10.1.1.2:4223"],
            NatsMonitors = ["pc2=10.1.1.2:8223"],
        });

        Assert.Equal(
            ["central-hub http://10.1.1.1:9000/", "edge-hub https://edge.example:9443/", "pushgateway-mainpc http://10.1.1.1:9091/", "pushgateway-pc2 http://10.1.1.2:9092/", "pushgateway-3 http://10.1.1.3:9093/"],
            t.Hubs.Select(h => $"{h.Name} {h.BaseUrl}"));
        Assert.Equal(3, t.Pushgateways.Count);
        Assert.Equal(["nats://127.0.0.1:4222 http://127.0.0.1:8222", "nats://10.1.1.2:4223 http://10.1.1.2:8223"], t.Nats.Select(n => $"{n.ClientUrl} {n.MonitorUrl}"));
    }

    [Theory]
    [InlineData("central", "ftp://x:1", "--central 'ftp://x:1' is not a http URL")]
    [InlineData("central", "http://x:9000/metrics", "--central 'http://x:9000/metrics' is not a http URL")]
    [InlineData("pushgateway", "::", "--pushgateway '::' is not a http URL")]
    [InlineData("nats", "pc2", "--nats 'pc2' is not NAME=URL")]
    [InlineData("nats", "pc3=nats://x:4222", "--nats pc3=...: no NATS node 'pc3' in the topology (nodes: mainpc, pc2)")]
    [InlineData("nats", "pc2=http://x:4222", "--nats 'http://x:4222' is not a nats URL")]
    [InlineData("nats-monitor", "mainpc=", "--nats-monitor 'mainpc=' is not NAME=URL")]
    [InlineData("base-port", "70000", "--base-port 70000 is outside 1024..65000")]
    public void A_bad_option_is_an_error_naming_the_option_and_the_value(string option, string value, string expected)
    {
        var args = option switch
        {
            "central" => new CheckArguments { Central = value },
            "pushgateway" => new CheckArguments { Pushgateways = [value] },
            "nats" => new CheckArguments { Nats = [value] },
            "nats-monitor" => new CheckArguments { NatsMonitors = [value] },
            _ => new CheckArguments { BasePort = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        };

        var ex = Assert.Throws<CheckTargetException>(() => CheckTargetResolver.Resolve(args));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }
}
