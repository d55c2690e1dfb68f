using DualHub.Client.Options;

namespace DualHub.Client.Tests.Options;

public sealed class AgentConfigLoaderTests
{
    private const string IssueShape = """
        agent: { name: resource_manager, node: pc2 }
        hub_endpoints: { primary: "http://127.0.0.1:9100", fallback: "http://127.0.0.1:9000", pushgateway: "http://127.0.0.1:9092" }
        failover_config: { health_check_interval: 30, max_retries: 3, failover_threshold: 3, recovery_timeout: 300 }
        push_interval: 15
        nats: { nats_url: "nats://127.0.0.1:4223", health_subject: observability.health.cluster, metrics_subject: observability.metrics.pc2 }
        """;

    private static ResolvedAgentOptions Parse(string yaml, string? hubUrl = null) =>
        AgentConfigLoader.Parse(yaml, "agent.yaml", ["resource_manager"], name => name == AgentConfigLoader.HubUrlVariable ? hubUrl : null).Validate();

    private static AgentConfigException Fails(string yaml) => Assert.Throws<AgentConfigException>(() => Parse(yaml));

    [Fact]
    public void An_alias_inside_the_node_it_names_is_a_config_error_not_a_stack_overflow()
    {
        // Found by fuzzing (tests/fuzz-corpus/agent-config/024db3358d27951f): the process died of a stack overflow.
        var ex = Fails(IssueShape + "\nspool: &s { dir: *s }\n");
        Assert.Contains("agent.yaml:6: invalid YAML", ex.Message, StringComparison.Ordinal);
        Assert.Contains("alias *s refers to a node that contains it", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hub_endpoints: { primary: }", "hub_endpoints.primary")]
    [InlineData("hub_endpoints: { primary: \"http://127.0.0.1:9100\", fallback: }", "hub_endpoints.fallback")]
    public void A_hub_endpoint_without_a_url_is_a_config_error_naming_it(string hubs, string key)
    {
        // Found by fuzzing: the empty value became a null URL and a NullReferenceException in the checks.
        var ex = Fails("agent: { name: a }\n" + hubs + "\n");

        Assert.Equal(key, ex.Key);
    }

    [Theory]
    [InlineData("%TAG ! %\n--- a")]
    [InlineData("&\u0080\u007F\0\u0001\0")]
    [InlineData("- \u001CEd9'0")]
    public void Yaml_the_parser_fails_on_without_a_YamlException_is_still_a_config_error(string yaml)
    {
        Fails(yaml);
    }

    [Fact]
    public void The_issue_shape_binds_every_key()
    {
        var o = Parse(IssueShape);

        Assert.Equal("resource_manager", o.Agent.Name);
        Assert.Equal("pc2", o.Agent.Node);
        Assert.Equal(["primary", "fallback"], o.Hubs.Select(h => h.Name));
        Assert.Equal(new Uri("http://127.0.0.1:9100"), o.Hubs[0].Url);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), o.Hubs[1].Url);
        Assert.Equal(new Uri("http://127.0.0.1:9092"), o.Pushgateway);
        Assert.Equal(TimeSpan.FromSeconds(30), o.Failover.HealthCheckInterval);
        Assert.Equal(3, o.Failover.MaxRetries);
        Assert.Equal(3, o.Failover.FailoverThreshold);
        Assert.Equal(TimeSpan.FromSeconds(300), o.Failover.RecoveryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), o.PushInterval);
        Assert.Equal(new Uri("nats://127.0.0.1:4223"), o.Nats.Url);
        Assert.Equal("observability.health.cluster", o.Nats.HealthSubject);
        Assert.Equal("observability.metrics.pc2", o.Nats.MetricsSubject);
    }

    [Fact]
    public void Only_agent_and_hub_endpoints_are_required_and_the_rest_has_defaults()
    {
        var o = Parse("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\n");

        Assert.Single(o.Hubs);
        Assert.Null(o.Pushgateway);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.Failover.PushTimeout);
        Assert.Equal(2.0, o.Failover.BackoffMultiplier);
        Assert.Equal(3, o.Failover.RecoverySuccesses);
        Assert.False(string.IsNullOrEmpty(o.Spool.Path));
        Assert.Equal(256L << 20, o.Spool.MaxBytes);
        Assert.Equal(new Uri("nats://127.0.0.1:4222"), o.Nats.Url);
        Assert.Equal("observability.health." + o.Agent.Node, o.Nats.HealthSubject);
        Assert.Null(o.HealthPort);
    }

    [Theory]
    [InlineData("0.25", 250)]
    [InlineData("500ms", 500)]
    [InlineData("\"2s\"", 2000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5", 1500)]
    public void Durations_are_seconds_or_numbers_with_units(string value, int ms)
    {
        var o = Parse($"agent: {{ name: a }}\nhub_endpoints: {{ primary: http://127.0.0.1:1 }}\npush_interval: {value}\n");

        Assert.Equal(TimeSpan.FromMilliseconds(ms), o.PushInterval);
    }

    [Fact]
    public void Hub_endpoints_may_be_an_ordered_list_of_any_length()
    {
        var o = Parse("agent: { name: a }\nhub_endpoints:\n  - http://127.0.0.1:1\n  - { name: central, url: http://127.0.0.1:2 }\n  - http://127.0.0.1:3\n");

        Assert.Equal(["primary", "central", "hub3"], o.Hubs.Select(h => h.Name));
        Assert.Equal(3, o.Hubs[2].Url.Port);
    }

    [Fact]
    public void OBS_HUB_URL_overrides_the_primary_only()
    {
        var o = Parse(IssueShape, "http://10.0.0.7:9100");

        Assert.Equal(new Uri("http://10.0.0.7:9100"), o.Hubs[0].Url);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), o.Hubs[1].Url);
    }

    [Theory]
    [InlineData("hub_endpoints: { primary: http://127.0.0.1:1 }\n", "agent")]
    [InlineData("agent: { node: x }\nhub_endpoints: { primary: http://127.0.0.1:1 }\n", "agent.name")]
    [InlineData("agent: { name: a }\n", "hub_endpoints")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: \"ftp://x\" }\n", "hub_endpoints.primary")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nfailover_config: { max_retries: 0 }\n", "failover_config.max_retries")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nfailover_config: { health_check_interval: 2x }\n", "failover_config.health_check_interval")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nfailover_config: { max_retry: 3 }\n", "failover_config.max_retry")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\npush_interval: 0\n", "push_interval")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nfailover_config: { retry_backoff: -1s }\n", "failover_config.retry_backoff")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nhub_endpoint: {}\n", "hub_endpoint")]
    [InlineData("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nhealth_port: 70000\n", "health_port")]
    public void Errors_name_the_key(string yaml, string key)
    {
        var ex = Fails(yaml);

        Assert.Equal(key, ex.Key);
        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_give_the_file_and_line()
    {
        var ex = Fails("agent: { name: a }\nhub_endpoints: { primary: http://127.0.0.1:1 }\n\nfailover_config:\n  max_retries: many\n");

        Assert.StartsWith("agent.yaml:5: failover_config.max_retries:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_OBS_HUB_URL_is_named()
    {
        var ex = Assert.Throws<AgentConfigException>(() => Parse(IssueShape, "not a url"));

        Assert.Equal("OBS_HUB_URL", ex.Key);
    }

    [Fact]
    public void Agent_sections_are_readable_through_the_config()
    {
        var o = Parse(IssueShape + "\nresource_manager: { thresholds: { cpu: 70 }, disks: [/, /var] }\n");

        var section = o.Config!.GetSection("resource_manager")!;
        Assert.Equal(70, section.GetSection("thresholds")!.GetDouble("cpu"));
        Assert.Equal(["/", "/var"], section.GetStringList("disks"));
    }

    [Fact]
    public void The_plans_flat_nats_keys_work_too()
    {
        var o = Parse("agent: { name: a, node: pc2 }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nnats_url: nats://127.0.0.1:4223\nhealth_subject: observability.health.cluster\n");

        Assert.Equal(4223, o.Nats.Url.Port);
        Assert.Equal("observability.health.cluster", o.Nats.HealthSubject);
        Assert.Equal("observability.metrics.pc2", o.Nats.MetricsSubject);
    }

    [Fact]
    public void Nats_user_password_file_and_tls_config_are_read_relative_to_the_config()
    {
        var o = AgentConfigLoader.Parse(
            IssueShape.Replace("health_subject", "user: dualhub, password_file: secret/nats.password, tls_config: { ca_file: pki/ca.pem }, health_subject", StringComparison.Ordinal),
            "/etc/dualhub/agent.yaml",
            ["resource_manager"]).Validate();

        Assert.Equal("dualhub", o.Nats.Auth!.User);
        Assert.Equal("/etc/dualhub/secret/nats.password", o.Nats.Auth.PasswordFile);
        Assert.Equal("/etc/dualhub/pki/ca.pem", o.Nats.Auth.Tls!.CaFile);
    }
}
