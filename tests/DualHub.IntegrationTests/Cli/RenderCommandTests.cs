using DualHub.Client.Options;
using DualHub.Hub.Options;
using DualHub.Nats.Supervision;
using DualHub.Testing;
using YamlDotNet.RepresentationModel;

namespace DualHub.IntegrationTests.Cli;

public sealed class RenderCommandTests
{
    private static readonly string[] AgentSections = ["resource_manager", "unified_utils", "observability_hub"];

    [Fact]
    public async Task Render_writes_both_machines_and_every_config_passes_its_loader()
    {
        var dir = TempDir.Create();
        try
        {
            var output = Path.Combine(dir, "out");
            var (code, text) = await DualHubProcess.RunAsync(["render", "--out", output], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);

            Assert.Equal(["mainpc", "pc2"], Directory.GetDirectories(output).Select(Path.GetFileName).Order());
            Assert.Equal(
                ["Dockerfile", "alertmanager.yml", "central-hub.yml", "docker-compose.yml", "dualhub-alertmanager.service", "dualhub-central-hub.service", "dualhub-nats-mainpc.service", "dualhub-pushgateway-mainpc.service", "dualhub-store.service", "dualhub-streams-mainpc.service", "dualhub-vmalert.service", "nats-mainpc.conf", "pushgateway-mainpc.yml", "topology.yaml"],
                Names(Path.Combine(output, "mainpc")).Where(n => !n.StartsWith("rules-", StringComparison.Ordinal)));
            // The shipped rule files, as rules-<name>.yml, which vmalert's unit reads.
            var shipped = Directory.Exists(Path.Combine(RepoRoot.Path, "deploy", "rules")) ? Directory.GetFiles(Path.Combine(RepoRoot.Path, "deploy", "rules"), "*.yml") : [];
            Assert.Equal(shipped.Select(f => "rules-" + Path.GetFileName(f)).Order(StringComparer.Ordinal), Names(Path.Combine(output, "mainpc")).Where(n => n.StartsWith("rules-", StringComparison.Ordinal)));
            Assert.Equal(
                ["Dockerfile", "docker-compose.yml", "dualhub-edge-hub.service", "dualhub-nats-pc2.service", "dualhub-observability-hub.service", "dualhub-pushgateway-pc2.service", "dualhub-resource-manager.service", "dualhub-streams-pc2.service", "dualhub-unified-utils.service",
                 "edge-hub.yml", "nats-pc2.conf", "observability_hub.yaml", "pushgateway-pc2.yml", "resource_manager.yaml", "topology.yaml", "unified_utils.yaml"],
                Names(Path.Combine(output, "pc2")));

            var roles = Directory.GetFiles(output, "*-*.yml", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "docker-compose.yml" && !Path.GetFileName(f).StartsWith("rules-", StringComparison.Ordinal))
                .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => HubConfigLoader.LoadFile(f));
            Assert.Equal(HubRole.Central, roles["central-hub"].Role);
            Assert.Equal(HubRole.Edge, roles["edge-hub"].Role);
            Assert.Equal(HubRole.Pushgateway, roles["pushgateway-pc2"].Role);
            Assert.Equal("127.0.0.1:9100", roles["edge-hub"].Listen);
            Assert.Empty(roles["edge-hub"].Prometheus.Warnings);
            Assert.Equal(new Uri("http://127.0.0.1:9000/api/v1/write"), Assert.Single(roles["edge-hub"].Prometheus.RemoteWrite).Url);
            Assert.Equal(new Uri("http://127.0.0.1:8428/api/v1/write"), Assert.Single(roles["central-hub"].Prometheus.RemoteWrite).Url);
            Assert.Equal(new Uri("http://127.0.0.1:8428"), roles["central-hub"].Query.Url);

            foreach (var file in Directory.GetFiles(Path.Combine(output, "pc2"), "*.yaml").Where(f => Path.GetFileName(f) != "topology.yaml"))
            {
                var agent = AgentConfigLoader.Load(file, AgentSections, _ => null);
                Assert.Equal(["primary", "fallback"], agent.Hubs.Select(h => h.Name));
                Assert.Equal(new Uri("http://127.0.0.1:9100"), agent.Hubs[0].Url);
                Assert.Equal(new Uri("http://127.0.0.1:9000"), agent.Hubs[1].Url);
                Assert.StartsWith("/var/lib/dualhub/spool/", agent.Spool.Path, StringComparison.Ordinal);
            }

            var nats = new NatsSupervisorOptions().ResolveBinary();
            foreach (var conf in Directory.GetFiles(output, "*.conf", SearchOption.AllDirectories))
            {
                await using var check = ExternalProcess.Start(nats, ["-t", "-c", conf]);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await check.WaitForExitAsync(cts.Token);
                Assert.True(check.ExitCode == 0, $"{conf}: {check.Output}");
            }

            // The operator's own check agrees: every file is clean.
            (code, text) = await DualHubProcess.RunAsync(["validate", output], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);
            Assert.Contains($"{12 + shipped.Length} files: 0 errors, 0 warnings", text, StringComparison.Ordinal);

            var unit = await File.ReadAllTextAsync(Path.Combine(output, "pc2", "dualhub-edge-hub.service"));
            Assert.Contains("\nExecStart=/usr/local/bin/dualhub hub --config /etc/dualhub/edge-hub.yml\n", unit, StringComparison.Ordinal);
            Assert.Contains("\nRestart=on-failure\n", unit, StringComparison.Ordinal);
            var agentUnit = await File.ReadAllTextAsync(Path.Combine(output, "pc2", "dualhub-resource-manager.service"));
            Assert.Contains("\nExecStart=/usr/local/bin/dualhub agent resource-manager --config /etc/dualhub/resource_manager.yaml\n", agentUnit, StringComparison.Ordinal);
            var storeUnit = await File.ReadAllTextAsync(Path.Combine(output, "mainpc", "dualhub-store.service"));
            Assert.Contains("\nExecStart=/usr/bin/victoria-metrics -httpListenAddr=127.0.0.1:8428 -storageDataPath=/var/lib/dualhub/store -retentionPeriod=30d ", storeUnit, StringComparison.Ordinal);
            Assert.Contains(" dualhub-store.service\n", await File.ReadAllTextAsync(Path.Combine(output, "mainpc", "dualhub-central-hub.service")), StringComparison.Ordinal);
            var vmalertUnit = await File.ReadAllTextAsync(Path.Combine(output, "mainpc", "dualhub-vmalert.service"));
            Assert.Contains(" -rule=/etc/dualhub/rules-*.yml -datasource.url=http://127.0.0.1:9000 ", vmalertUnit, StringComparison.Ordinal);
            Assert.Contains(" -notifier.url=http://127.0.0.1:9093 ", vmalertUnit, StringComparison.Ordinal);

            // Alertmanager's own checker takes the rendered config.
            await using var amtool = ExternalProcess.Start("/usr/bin/amtool", ["check-config", Path.Combine(output, "mainpc", "alertmanager.yml")]);
            using var amCts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await amtool.WaitForExitAsync(amCts.Token);
            Assert.True(amtool.ExitCode == 0, amtool.Output);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Render_with_a_topology_puts_each_process_on_its_machines_host()
    {
        var dir = TempDir.Create();
        try
        {
            var topology = Path.Combine(dir, "topology.yaml");
            await File.WriteAllTextAsync(topology, """
                nats:
                  topology: leaf
                  nodes:
                    - { name: mainpc, host: 10.0.0.1, client_port: 4222, monitor_port: 8222, leaf_port: 7422, store_dir: /var/lib/dualhub/nats/mainpc, role: central }
                    - { name: pc2, host: 10.0.0.2, client_port: 4223, monitor_port: 8223, leaf_hub: mainpc, store_dir: /var/lib/dualhub/nats/pc2, role: edge }
                """);
            var output = Path.Combine(dir, "out");
            var (code, text) = await DualHubProcess.RunAsync(["render", "--topology", topology, "--out", output], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);

            var agent = AgentConfigLoader.Load(Path.Combine(output, "pc2", "resource_manager.yaml"), AgentSections, _ => null);
            Assert.Equal(new Uri("http://10.0.0.2:9100"), agent.Hubs[0].Url);
            Assert.Equal(new Uri("http://10.0.0.1:9000"), agent.Hubs[1].Url);
            Assert.Equal(new Uri("nats://10.0.0.2:4223"), agent.Nats.Url);
            Assert.Equal("10.0.0.2", agent.HealthHost);
            var edge = HubConfigLoader.LoadFile(Path.Combine(output, "pc2", "edge-hub.yml"));
            Assert.Equal("10.0.0.2:9100", edge.Listen);
            Assert.Equal(new Uri("http://10.0.0.1:9000/api/v1/write"), Assert.Single(edge.Prometheus.RemoteWrite).Url);
            Assert.Equal("nats://10.0.0.2:4223,nats://10.0.0.1:4222", edge.Nats.Url);
            var central = HubConfigLoader.LoadFile(Path.Combine(output, "mainpc", "central-hub.yml"));
            Assert.Equal("10.0.0.1:9000", central.Listen);

            // CentralHub's console reaches every part at its machine's address.
            var parts = central.Console.Deployment.ToDictionary(p => p.Name);
            Assert.Equal(new Uri("http://10.0.0.2:9100"), parts["edge-hub"].Url);
            Assert.Equal(new Uri("http://10.0.0.2:8223"), parts["nats-pc2"].Url);
            Assert.Equal(("pc2", "agent", "10.0.0.2"), (parts["resource-manager"].Machine, parts["resource-manager"].Kind, parts["resource-manager"].Url.Host));
            Assert.Empty(edge.Console.Deployment);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Render_refuses_a_non_empty_directory_without_force()
    {
        var dir = TempDir.Create();
        try
        {
            var keep = Path.Combine(dir, "keep.txt");
            await File.WriteAllTextAsync(keep, "mine");

            var (code, text) = await DualHubProcess.RunAsync(["render", "--out", dir], TimeSpan.FromSeconds(60));
            Assert.Equal(2, code);
            Assert.Contains("--force", text, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "pc2")));

            (code, text) = await DualHubProcess.RunAsync(["render", "--out", dir, "--force"], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);
            Assert.True(File.Exists(Path.Combine(dir, "pc2", "edge-hub.yml")));
            Assert.Equal("mine", await File.ReadAllTextAsync(keep));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Rendered_systemd_units_pass_systemd_analyze_verify()
    {
        const string Analyze = "/usr/bin/systemd-analyze";
        if (!File.Exists(Analyze))
        {
            return; // systemd not installed here: nothing to check the units against
        }

        var dir = TempDir.Create();
        try
        {
            var output = Path.Combine(dir, "out");
            // An executable that exists, so verify checks the rest of each unit (nats-server's path is the Debian one).
            var (code, text) = await DualHubProcess.RunAsync(["render", "--out", output, "--exec", "/usr/bin/env"], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);
            var units = Directory.GetFiles(output, "*.service", SearchOption.AllDirectories);
            Assert.Equal(14, units.Length);
            await using var verify = ExternalProcess.Start(Analyze, ["verify", "--man=no", .. units]);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await verify.WaitForExitAsync(cts.Token);
            Assert.True(verify.ExitCode == 0, verify.Output);
            // verify only warns on unknown keys and bad values: any output line is a problem with a unit.
            Assert.DoesNotContain(units, u => verify.Output.Contains(Path.GetFileName(u), StringComparison.Ordinal));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Rendered_compose_files_pass_docker_compose_config_and_run_the_units_command_lines()
    {
        // Debian's docker-compose 1.29 (eng/prereqs.sh DUALHUB_TEST_PKGS) validates and resolves a file without an engine.
        const string Compose = "/usr/bin/docker-compose";
        Assert.True(File.Exists(Compose), $"{Compose} missing: apt-get install docker-compose (./test.sh installs it)");
        var dir = TempDir.Create();
        try
        {
            var output = Path.Combine(dir, "out");
            var (code, text) = await DualHubProcess.RunAsync(["render", "--out", output], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);

            foreach (var machine in new[] { "mainpc", "pc2" })
            {
                var file = Path.Combine(output, machine, "docker-compose.yml");
                await using (var quiet = ExternalProcess.Start(Compose, ["-f", file, "config", "-q"]))
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await quiet.WaitForExitAsync(cts.Token);
                    Assert.True(quiet.ExitCode == 0, $"{file}: {quiet.Output}");
                    Assert.Equal(string.Empty, quiet.Output.Trim());
                }

                // What docker-compose resolved: each unit's ExecStart, word for word, and its After= as depends_on.
                await using var resolve = ExternalProcess.Start(Compose, ["-f", file, "config"]);
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                {
                    await resolve.WaitForExitAsync(cts.Token);
                }

                Assert.True(resolve.ExitCode == 0, $"{file}: {resolve.Output}");
                var stream = new YamlStream();
                stream.Load(new StringReader(resolve.Output));
                var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
                var units = Directory.GetFiles(Path.Combine(output, machine), "*.service");
                Assert.Equal(units.Length, services.Children.Count);
                foreach (var unit in units)
                {
                    var lines = await File.ReadAllLinesAsync(unit);
                    var service = (YamlMappingNode)services[Path.GetFileNameWithoutExtension(unit)["dualhub-".Length..]];
                    var execStart = lines.Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
                    Assert.Equal(execStart, ((YamlSequenceNode)service["command"]).Cast<YamlScalarNode>().Select(n => n.Value));
                    var after = lines.Single(l => l.StartsWith("After=", StringComparison.Ordinal))["After=".Length..].Split(' ')
                        .Where(u => u != "network-online.target").Select(u => u["dualhub-".Length..^".service".Length]);
                    var dependsOn = service.Children.TryGetValue("depends_on", out var d) ? ((YamlMappingNode)d).Children.Keys.Cast<YamlScalarNode>().Select(n => n.Value) : [];
                    Assert.Equal(after.Order(StringComparer.Ordinal), dependsOn.Order(StringComparer.Ordinal));
                    Assert.Equal("host", ((YamlScalarNode)service["network_mode"]).Value);
                    Assert.Equal("on-failure", ((YamlScalarNode)service["restart"]).Value);
                }
            }
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Render_with_a_victoriametrics_cluster_writes_to_vminsert_queries_vmselect_and_runs_no_single_node()
    {
        var dir = TempDir.Create();
        try
        {
            var output = Path.Combine(dir, "out");
            var (code, text) = await DualHubProcess.RunAsync(["render", "--out", output, "--vminsert", "http://10.0.0.5:8480", "--vmselect", "http://10.0.0.6:8481", "--vm-tenant", "3:1"], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, text);

            var central = HubConfigLoader.LoadFile(Path.Combine(output, "mainpc", "central-hub.yml"));
            Assert.Equal(new Uri("http://10.0.0.5:8480/insert/3:1/prometheus/api/v1/write"), Assert.Single(central.Prometheus.RemoteWrite).Url);
            Assert.Equal(new Uri("http://10.0.0.6:8481/select/3:1/prometheus"), central.Query.Url);
            Assert.False(File.Exists(Path.Combine(output, "mainpc", "dualhub-store.service")));
            Assert.True(File.Exists(Path.Combine(output, "mainpc", "dualhub-vmalert.service")));

            (code, text) = await DualHubProcess.RunAsync(["render", "--out", Path.Combine(dir, "half"), "--vminsert", "http://10.0.0.5:8480"], TimeSpan.FromSeconds(60));
            Assert.Equal(2, code);
            Assert.Contains("--vmselect is missing", text, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Render_refuses_a_node_name_that_is_not_a_plain_name()
    {
        var dir = TempDir.Create();
        try
        {
            var topology = Path.Combine(dir, "topology.yaml");
            await File.WriteAllTextAsync(topology, """
                nats:
                  topology: leaf
                  nodes:
                    - { name: mainpc, host: 127.0.0.1, client_port: 4222, monitor_port: 8222, leaf_port: 7422, store_dir: /var/lib/dualhub/nats/mainpc, role: central }
                    - { name: "../pc2", host: 127.0.0.1, client_port: 4223, monitor_port: 8223, leaf_hub: mainpc, store_dir: /var/lib/dualhub/nats/pc2, role: edge }
                """);
            var output = Path.Combine(dir, "out");

            var (code, text) = await DualHubProcess.RunAsync(["render", "--topology", topology, "--out", output], TimeSpan.FromSeconds(60));

            Assert.Equal(2, code);
            Assert.Contains("../pc2", text, StringComparison.Ordinal);
            Assert.False(Directory.Exists(output));
            Assert.Equal(["topology.yaml"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    private static string[] Names(string directory) => [.. Directory.GetFiles(directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];
}
