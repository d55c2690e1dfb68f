using DualHub.Cli.Validate;
using DualHub.Testing;

namespace DualHub.Cli.Tests.Validate;

public sealed class ConfigValidatorTests
{
    private const string Agent = """
        agent: { name: resource_manager, node: pc2 }
        hub_endpoints: { primary: "http://127.0.0.1:9100", fallback: "http://127.0.0.1:9000" }
        failover_config: { health_check_interval: 30, max_retries: 3, failover_threshold: 3, recovery_timeout: 300 }
        push_interval: 0.5
        nats: { nats_url: "nats://127.0.0.1:4223", health_subject: observability.health.pc2, metrics_subject: observability.metrics.pc2 }
        health_port: 9201
        """;

    private static readonly string[] DeployFiles =
    [
        "deploy/hubs/edge.yml", "deploy/agents/resource_manager.yaml", "deploy/agents/unified_utils.yaml", "deploy/agents/observability_hub.yaml", "deploy/nats/topology.yaml",
    ];

    private const string LeafTopology = """
        nats:
          topology: leaf
          nodes:
            - { name: mainpc, host: 127.0.0.1, client_port: 4222, monitor_port: 8222, store_dir: /tmp/a }
            - { name: pc2, host: 127.0.0.1, client_port: 4223, monitor_port: 8223, store_dir: /tmp/b }
        """;

    [Fact]
    public async Task The_shipped_deploy_files_validate_clean()
    {
        var files = DeployFiles.Select(f => RepoRoot.Combine(f.Split('/'))).ToList();
        var reports = await ConfigValidator.ValidateAsync(files, CancellationToken.None);

        Assert.Equal("hub config,agent config,agent config,agent config,topology", string.Join(',', reports.Select(r => r.Kind)));
        Assert.Empty(reports.SelectMany(r => r.Findings));
        // They do claim ports (so the clash check had something to compare): edge 9100, agents 9201-9203, NATS 4222/8222/7422/4223/8223.
        Assert.Equal(9, reports.Sum(r => r.Claims.Count));
    }

    [Fact]
    public void The_plans_prometheus_edge_yml_warns_on_the_stale_max_retries_with_its_line()
    {
        var report = ConfigValidator.ValidateText("prometheus-edge.yml", """
            global:
              scrape_interval: 15s
            scrape_configs:
              - job_name: edgehub-self
                static_configs:
                  - targets: ['localhost:9090']
            remote_write:
              - url: http://localhost:9000/api/v1/write
                queue_config:
                  max_samples_per_send: 1000
                  batch_send_deadline: 5s
                  max_retries: 3
                  min_backoff: 30ms
                  max_backoff: 100ms
            """);

        Assert.Equal("hub config", report.Kind);
        var w = Assert.Single(report.Findings);
        Assert.Equal(FindingSeverity.Warning, w.Severity);
        Assert.Equal(12, w.Line);
        Assert.StartsWith("prometheus-edge.yml:12: warning: 'remote_write.queue_config.max_retries' was removed from Prometheus", w.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_hub_config_error_names_file_line_and_key()
    {
        var report = ConfigValidator.ValidateText("edge.yml", "role: edge\nglobal:\n  scrape_interval: soon\n");

        var e = Assert.Single(report.Findings);
        Assert.Equal("edge.yml:3: error: global.scrape_interval: 'soon' is not a valid duration (e.g. 15s, 1m30s)", e.ToString());
    }

    [Fact]
    public void A_hub_validation_error_without_a_line_gets_the_keys_line()
    {
        var report = ConfigValidator.ValidateText("hub.yml", "role: central\nlisten: 127.0.0.1:9000\njournal:\n  synchronous: sometimes\n");

        var e = Assert.Single(report.Findings);
        Assert.Equal(FindingSeverity.Error, e.Severity);
        Assert.Equal(4, e.Line);
        Assert.Contains("journal.synchronous: 'sometimes' is not one of full, normal", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plans_agent_timing_warns_that_failover_takes_longer_than_5_s()
    {
        // The plan's values: a 15 s push interval (the default) and 30 s x 3 probes.
        var report = ConfigValidator.ValidateText("agent.yaml", Agent.Replace("push_interval: 0.5", "push_interval: 15", StringComparison.Ordinal));

        var w = Assert.Single(report.Findings);
        Assert.Equal(FindingSeverity.Warning, w.Severity);
        Assert.Equal(4, w.Line);
        Assert.Contains("failover timing: a crashed hub is left up to 15.1 s after the fault, a hung one up to 15.7 s", w.Message, StringComparison.Ordinal);
        Assert.Contains("failover_threshold 3 x health_check_interval 30 s = 90 s", w.Message, StringComparison.Ordinal);
        Assert.Contains("over the plan's failover limit < 5 s", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failover_between_the_target_and_the_limit_is_a_softer_warning()
    {
        var report = ConfigValidator.ValidateText("agent.yaml", Agent.Replace("push_interval: 0.5", "push_interval: 2.5", StringComparison.Ordinal));

        var w = Assert.Single(report.Findings);
        Assert.Contains("a hung one up to 3.2 s", w.Message, StringComparison.Ordinal);
        Assert.Contains("within the plan's < 5 s but over its target < 3 s", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fast_probes_bound_the_detection_even_with_a_slow_push_interval()
    {
        var report = ConfigValidator.ValidateText("agent.yaml", Agent
            .Replace("push_interval: 0.5", "push_interval: 15", StringComparison.Ordinal)
            .Replace("health_check_interval: 30", "health_check_interval: 0.5", StringComparison.Ordinal));

        Assert.Empty(report.Findings);
    }

    [Fact]
    public void An_agent_subject_outside_the_streams_is_an_error_with_its_line()
    {
        // The original system's subjects (reference/original-system.md §8.6): nothing published there was kept.
        var report = ConfigValidator.ValidateText("agent.yaml", Agent.Replace("metrics_subject: observability.metrics.pc2", "metrics_subject: observability.resource.metrics", StringComparison.Ordinal));

        var e = Assert.Single(report.Findings);
        Assert.Equal(FindingSeverity.Error, e.Severity);
        Assert.Equal(5, e.Line);
        Assert.Contains("'observability.resource.metrics' is in no stream (stream/subject mismatch: observability-metrics takes observability.metrics.>)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_health_subject_in_the_metrics_stream_is_an_error()
    {
        var report = ConfigValidator.ValidateText("agent.yaml", Agent.Replace("health_subject: observability.health.pc2", "health_subject: observability.metrics.health", StringComparison.Ordinal));

        Assert.Contains(report.Findings, f => f.Severity == FindingSeverity.Error && f.Message.Contains("lands in stream observability-metrics, not observability-health", StringComparison.Ordinal));
    }

    [Fact]
    public void The_original_systems_stale_agent_keys_are_refused_with_their_line()
    {
        var report = ConfigValidator.ValidateText("agent.yaml", Agent.Replace("health_check_interval: 30", "health_check_interval_seconds: 30", StringComparison.Ordinal));

        var e = Assert.Single(report.Findings);
        Assert.Equal(FindingSeverity.Error, e.Severity);
        Assert.Equal(3, e.Line);
        Assert.Contains("failover_config.health_check_interval_seconds: unknown key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pilot_agents_own_section_is_checked_too()
    {
        var report = ConfigValidator.ValidateText("agent.yaml", Agent + "\nresource_manager:\n  alert_thresholds: { cpu: 180 }\n");

        var e = Assert.Single(report.Findings);
        Assert.Equal(8, e.Line);
        Assert.Contains("resource_manager.alert_thresholds.cpu: 180 is out of range [0, 100]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_topology_warns_that_R2_on_2_nodes_survives_the_loss_of_neither()
    {
        var report = ConfigValidator.ValidateText("topology.yaml", LeafTopology.Replace("topology: leaf", "topology: plan", StringComparison.Ordinal));

        var w = Assert.Single(report.Findings);
        Assert.Equal(FindingSeverity.Warning, w.Severity);
        Assert.Equal(2, w.Line);
        Assert.Contains("R2 streams survives the loss of NEITHER node", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_clashes_across_files_are_errors_naming_both_places()
    {
        // The original system's trap: ObservabilityHub's health port 9100 is EdgeHub's port.
        var hub = ConfigValidator.ValidateText("edge.yml", "role: edge\nlisten: 127.0.0.1:9100\n");
        var agent = ConfigValidator.ValidateText("agent.yaml", Agent.Replace("health_port: 9201", "health_port: 9100", StringComparison.Ordinal));
        var topology = ConfigValidator.ValidateText("topology.yaml", LeafTopology);
        var nats = ConfigValidator.ValidateText("central.yml", "role: central\nlisten: 0.0.0.0:8222\n");
        ConfigValidator.CrossCheck([hub, agent, topology, nats]);

        var clash = Assert.Single(agent.Findings);
        Assert.Equal("agent.yaml:6: error: port clash: agent resource_manager health_port 9100 on 127.0.0.1:9100 is also edge hub listen 127.0.0.1:9100 (edge.yml:2)", clash.ToString());
        var wildcard = Assert.Single(nats.Findings);
        Assert.Contains("port clash: central hub listen 0.0.0.0:8222 on *:8222 is also nats mainpc monitor_port (topology.yaml:4)", wildcard.Message, StringComparison.Ordinal);
        Assert.Empty(topology.Findings);
        Assert.Empty(hub.Findings);
    }

    [Fact]
    public void An_agents_nats_url_that_no_topology_node_serves_is_a_warning()
    {
        var agent = ConfigValidator.ValidateText("agent.yaml", Agent.Replace("nats://127.0.0.1:4223", "nats://127.0.0.1:4333", StringComparison.Ordinal));
        var topology = ConfigValidator.ValidateText("topology.yaml", LeafTopology);
        ConfigValidator.CrossCheck([agent, topology]);

        var w = Assert.Single(agent.Findings);
        Assert.Equal(FindingSeverity.Warning, w.Severity);
        Assert.Contains("127.0.0.1:4333 is no node's client port in topology.yaml (mainpc 127.0.0.1:4222, pc2 127.0.0.1:4223)", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_central_hub_consuming_a_stream_that_is_not_the_metrics_stream_is_an_error()
    {
        var report = ConfigValidator.ValidateText("central.yml", "role: central\nnats:\n  url: nats://127.0.0.1:4222\n  stream: observability-alerts\n  consumer: observability-metrics-centralhub\n");

        var e = Assert.Single(report.Findings);
        Assert.Equal(5, e.Line);
        Assert.Contains("nats.consumer: 'observability-metrics-centralhub' is not a consumer of stream observability-alerts", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just: text\n", "cannot tell what this file is")]
    [InlineData("- a\n- b\n", "not a YAML mapping")]
    [InlineData("role: [edge\n", "invalid YAML")]
    [InlineData("role: edge\nlisten: &x [*x]\n", "invalid YAML: alias *x refers to a node that contains it")]
    [InlineData("nats:\n  topology: leaf\n  nodes: &x [*x]\n", "invalid YAML: alias *x refers to a node that contains it")]
    public void A_file_that_is_no_config_is_an_error(string text, string message)
    {
        var report = ConfigValidator.ValidateText("x.yml", text);

        Assert.Contains(report.Findings, f => f.Severity == FindingSeverity.Error && f.Message.Contains(message, StringComparison.Ordinal));
    }
}
