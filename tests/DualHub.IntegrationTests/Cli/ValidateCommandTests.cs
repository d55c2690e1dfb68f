using DualHub.Cli.Validate;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_passes_the_deploy_files_and_fails_a_plan_file_with_file_line()
    {
        var deploy = RepoRoot.Combine("deploy");
        var (code, output) = await DualHubProcess.RunAsync(
            ["validate", "--strict", Path.Combine(deploy, "hubs", "edge.yml"), Path.Combine(deploy, "agents", "resource_manager.yaml"), Path.Combine(deploy, "agents", "unified_utils.yaml"),
             Path.Combine(deploy, "agents", "observability_hub.yaml"), Path.Combine(deploy, "nats", "topology.yaml"), Path.Combine(deploy, "nats", "nats-mainpc.conf"),
             Path.Combine(deploy, "nats", "nats-pc2.conf")],
            TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        Assert.Contains("7 files: 0 errors, 0 warnings", output, StringComparison.Ordinal);

        // A folder stands for its config files: deploy/ as a whole (with deploy/agents/python/example.yaml, the rule files and their unit tests, Grafana provisioning).
        (code, output) = await DualHubProcess.RunAsync(["validate", "--strict", deploy], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        Assert.Contains("16 files: 0 errors, 0 warnings", output, StringComparison.Ordinal);

        var dir = TempDir.Create();
        try
        {
            // The plan's EdgeHub config with its stale queue_config.max_retries: a warning, exit 0 (1 with --strict).
            var edge = Path.Combine(dir, "prometheus-edge.yml");
            await File.WriteAllTextAsync(edge, "global:\n  scrape_interval: 15s\nremote_write:\n  - url: http://localhost:9000/api/v1/write\n    queue_config:\n      max_retries: 3\n");
            (code, output) = await DualHubProcess.RunAsync(["validate", edge], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, output);
            Assert.Contains($"{edge}:6: warning: 'remote_write.queue_config.max_retries' was removed from Prometheus", output, StringComparison.Ordinal);
            (code, output) = await DualHubProcess.RunAsync(["validate", "--strict", edge], TimeSpan.FromSeconds(60));
            Assert.True(code == 1, output);

            // An agent whose health port is EdgeHub's and whose subject no stream takes: errors, exit 1.
            var agent = Path.Combine(dir, "agent.yaml");
            await File.WriteAllTextAsync(agent, """
                agent: { name: resource_manager, node: pc2 }
                hub_endpoints: { primary: "http://127.0.0.1:9100", fallback: "http://127.0.0.1:9000" }
                push_interval: 0.5
                nats: { nats_url: "nats://127.0.0.1:4223", metrics_subject: observability.resource.metrics }
                health_port: 9100
                """);
            (code, output) = await DualHubProcess.RunAsync(["validate", agent, Path.Combine(deploy, "hubs", "edge.yml")], TimeSpan.FromSeconds(60));
            Assert.True(code == 1, output);
            Assert.Contains($"{agent}:4: error: nats.metrics_subject: 'observability.resource.metrics' is in no stream", output, StringComparison.Ordinal);
            Assert.Matches(@"edge\.yml:4: error: port clash: edge hub listen 0\.0\.0\.0:9100 \(the edge default\) on \*:9100 is also agent resource_manager health_port 9100", output);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task A_nats_server_conf_is_checked_by_nats_server_with_its_line()
    {
        var dir = TempDir.Create();
        try
        {
            var conf = Path.Combine(dir, "nats-pc2.conf");
            await File.WriteAllTextAsync(conf, "listen: \"127.0.0.1:4223\"\njetstream {\n  store_dir: \"/tmp/x\"\n  max_retries: 3\n}\n");
            var report = Assert.Single(await ConfigValidator.ValidateAsync([conf], CancellationToken.None));

            var e = Assert.Single(report.Findings);
            Assert.Equal(FindingSeverity.Error, e.Severity);
            Assert.Equal(4, e.Line);
            Assert.Contains("nats-server: unknown field \"max_retries\"", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
