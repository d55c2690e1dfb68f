using System.Diagnostics;
using System.Globalization;
using System.Text;
using DualHub.Nats.Supervision;
using DualHub.Nats.Topology;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

public sealed class StreamsCommandTests
{
    [Fact]
    public async Task Streams_apply_with_a_topology_file_creates_then_reports_everything_unchanged()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        var file = Path.Combine(d.Directory, "topology.yaml");
        await File.WriteAllTextAsync(file, ToYaml(d.Deployment.Topology));

        var (code1, out1) = await DualHubProcess.RunAsync(["streams", "apply", "--topology", file], TimeSpan.FromSeconds(60));
        var (code2, out2) = await DualHubProcess.RunAsync(["streams", "apply", "--topology", file], TimeSpan.FromSeconds(60));

        Assert.True(code1 == 0, out1);
        Assert.Contains("9 created, 0 updated, 0 unchanged", out1, StringComparison.Ordinal);
        Assert.Matches(@"mainpc\s+stream\s+observability-metrics\s+created \(.*sources \$JS\.pc2\.API\)", out1);
        Assert.True(code2 == 0, out2);
        Assert.Contains("0 created, 0 updated, 9 unchanged", out2, StringComparison.Ordinal);

        // A changed setting updates every stream in place and leaves the consumers alone.
        await File.WriteAllTextAsync(file, ToYaml(d.Deployment.Topology).Replace("nats:\n", "nats:\n  duplicate_window: 1m\n", StringComparison.Ordinal));
        var (code3, out3) = await DualHubProcess.RunAsync(["streams", "apply", "--topology", file], TimeSpan.FromSeconds(60));
        Assert.True(code3 == 0, out3);
        Assert.Contains("0 created, 6 updated, 3 unchanged", out3, StringComparison.Ordinal);
        Assert.Matches(@"pc2\s+stream\s+observability-alerts\s+updated \(duplicate_window\)", out3);
    }

    [Fact]
    public async Task Streams_apply_fails_with_a_clear_message_not_a_hang_when_JetStream_has_no_meta_leader()
    {
        var dir = TempDir.Create();
        await using var deployment = NatsSupervisor.Create(NatsTestTopologies.Plan(dir), Path.Combine(dir, "conf"));
        try
        {
            // One node of the 2-node plan cluster: JetStream is on, but there is no quorum for a meta leader.
            var lone = deployment.Servers["mainpc"];
            await lone.StartAsync();
            await lone.WaitReadyAsync(NatsReadiness.JetStreamEnabled, TimeSpan.FromSeconds(30));
            var started = Stopwatch.GetTimestamp();

            var (code, output) = await DualHubProcess.RunAsync(["streams", "apply", "--server", lone.ClientUrl, "--replicas", "2", "--timeout", "2s"], TimeSpan.FromSeconds(60));

            Assert.Equal(1, code);
            Assert.Contains("no meta leader", output, StringComparison.Ordinal);
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30));
        }
        finally
        {
            await deployment.DisposeAsync();
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Streams_apply_to_a_server_that_is_not_there_fails_naming_it()
    {
        var url = $"nats://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";

        var (code, output) = await DualHubProcess.RunAsync(["streams", "apply", "--server", url, "--timeout", "3s"], TimeSpan.FromSeconds(60));

        Assert.Equal(1, code);
        Assert.Contains($"cannot connect to NATS at servers ({url})", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streams_apply_reports_topology_errors_with_file_and_line_and_touches_nothing()
    {
        var dir = TempDir.Create();
        try
        {
            var file = Path.Combine(dir, "t.yaml");
            await File.WriteAllTextAsync(file, "nats:\n  topology: plan\n  nodes:\n    - { name: a, store_dir: /tmp/a }\n    - { name: b, store_dir: /tmp/a }\n");

            var (code, output) = await DualHubProcess.RunAsync(["streams", "apply", "--topology", file], TimeSpan.FromSeconds(60));

            Assert.Equal(2, code);
            Assert.Contains($"{file}:5: error: nats.nodes[1].store_dir", output, StringComparison.Ordinal);
            Assert.Contains($"{file}:2: warning: nats.topology: plan", output, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task Streams_apply_without_a_target_is_a_usage_error()
    {
        var (code, output) = await DualHubProcess.RunAsync(["streams", "apply"], TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains("--topology FILE or --server URL", output, StringComparison.Ordinal);
    }

    private static string ToYaml(NatsTopologyOptions t)
    {
        var sb = new StringBuilder();
        sb.Append("nats:\n  topology: ").Append(t.Topology.ToString().ToLowerInvariant()).Append("\n  nodes:\n");
        foreach (var n in t.Nodes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    - {{ name: {n.Name}, host: {n.Host}, client_port: {n.ClientPort}, monitor_port: {n.MonitorPort}, leaf_port: {n.LeafPort}, store_dir: '{n.StoreDir}' }}\n");
        }

        return sb.ToString();
    }
}
