using DualHub.Hub.PrometheusConfig;

namespace DualHub.Hub.Tests.PrometheusConfig;

public class PrometheusConfigReaderTests
{
    // The plan's prometheus-edge.yml (be15aa73), keys as written there.
    private const string PlanEdgeConfig = """
        global:
          scrape_interval: 15s
          scrape_timeout: 10s
          evaluation_interval: 15s
          external_labels:
            hub: edge
            machine: pc2
        scrape_configs:
          - job_name: edgehub-self
            static_configs:
              - targets: ['localhost:9100']
          - job_name: pc2-agents
            scrape_interval: 5s
            scrape_timeout: 2s
            metrics_path: /probe
            scheme: http
            honor_labels: true
            honor_timestamps: false
            params:
              module: [http_2xx]
            basic_auth:
              username: u
              password: p
            bearer_token: tok
            static_configs:
              - targets: ['127.0.0.1:8001', '127.0.0.1:8002']
                labels:
                  machine: pc2
        remote_write:
          - url: http://localhost:9000/api/v1/write
            name: central
            headers:
              X-Scope-OrgID: edge
            queue_config:
              max_samples_per_send: 1000
              batch_send_deadline: 5s
              max_retries: 3
              min_backoff: 30ms
              max_backoff: 100ms
              retry_on_http_429: true
        """;

    [Fact]
    public void Plan_edge_config_loads_with_every_key()
    {
        var c = PrometheusConfigReader.Read(PlanEdgeConfig, "prometheus-edge.yml");

        Assert.Equal(TimeSpan.FromSeconds(15), c.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), c.Global.ScrapeTimeout);
        Assert.Equal("pc2", c.Global.ExternalLabels["machine"]);
        Assert.Equal(2, c.ScrapeConfigs.Count);
        var self = c.ScrapeConfigs[0];
        Assert.Equal("edgehub-self", self.JobName);
        Assert.Equal("/metrics", self.MetricsPath);
        Assert.True(self.HonorTimestamps);
        Assert.False(self.HonorLabels);
        Assert.Equal(TimeSpan.FromSeconds(15), c.IntervalOf(self));
        var agents = c.ScrapeConfigs[1];
        Assert.Equal(TimeSpan.FromSeconds(5), c.IntervalOf(agents));
        Assert.Equal(TimeSpan.FromSeconds(2), c.TimeoutOf(agents));
        Assert.Equal("/probe", agents.MetricsPath);
        Assert.True(agents.HonorLabels);
        Assert.False(agents.HonorTimestamps);
        Assert.Equal(["http_2xx"], agents.Params["module"]);
        Assert.Equal("u", agents.BasicAuth!.Username);
        Assert.Equal("p", agents.BasicAuth.Password);
        Assert.Equal("tok", agents.BearerToken);
        Assert.Equal(["127.0.0.1:8001", "127.0.0.1:8002"], agents.StaticConfigs[0].Targets);
        Assert.Equal("pc2", agents.StaticConfigs[0].Labels["machine"]);

        var rw = Assert.Single(c.RemoteWrite);
        Assert.Equal(new Uri("http://localhost:9000/api/v1/write"), rw.Url);
        Assert.Equal("central", rw.Name);
        Assert.Equal("edge", rw.Headers["X-Scope-OrgID"]);
        Assert.Equal(1000, rw.QueueConfig.MaxSamplesPerSend);
        Assert.Equal(TimeSpan.FromMilliseconds(30), rw.QueueConfig.MinBackoff);
        Assert.Equal(TimeSpan.FromMilliseconds(100), rw.QueueConfig.MaxBackoff);
        Assert.True(rw.QueueConfig.RetryOnHttp429);
    }

    [Fact]
    public void Removed_and_unused_keys_warn_with_file_and_line()
    {
        var c = PrometheusConfigReader.Read(PlanEdgeConfig, "prometheus-edge.yml");

        var maxRetries = Assert.Single(c.Warnings, w => w.Message.Contains("max_retries", StringComparison.Ordinal));
        Assert.Equal("prometheus-edge.yml", maxRetries.File);
        Assert.Equal(37, maxRetries.Line);
        Assert.StartsWith("prometheus-edge.yml:37:", maxRetries.ToString(), StringComparison.Ordinal);
        var eval = Assert.Single(c.Warnings, w => w.Message.Contains("evaluation_interval", StringComparison.Ordinal));
        Assert.Equal(4, eval.Line);
        Assert.Equal(2, c.Warnings.Count);
    }

    [Fact]
    public void Hub_keys_are_skipped_and_unknown_top_level_keys_warn()
    {
        const string yaml = """
            role: edge
            listen: 127.0.0.1:9100
            rule_files: [a.yml]
            bogus: 1
            """;
        var c = PrometheusConfigReader.Read(yaml, "hub.yml", new HashSet<string> { "role", "listen" });

        Assert.Empty(c.ScrapeConfigs);
        Assert.Collection(
            c.Warnings,
            w => Assert.Equal((3L, "'rule_files' is not used by DualHub; ignored"), (w.Line, w.Message)),
            w => Assert.Equal((4L, "unknown key 'bogus'; ignored"), (w.Line, w.Message)));
    }

    [Fact]
    public void Defaults_follow_prometheus_2_42()
    {
        var c = PrometheusConfigReader.Read("remote_write:\n  - url: http://h:1/api/v1/write\n", "f.yml");

        Assert.Equal(TimeSpan.FromMinutes(1), c.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), c.Global.ScrapeTimeout);
        var q = c.RemoteWrite[0].QueueConfig;
        Assert.Equal(500, q.MaxSamplesPerSend);
        Assert.Equal(TimeSpan.FromSeconds(5), q.MaxBackoff);
        Assert.False(q.RetryOnHttp429);
        Assert.StartsWith("rw-", c.RemoteWrite[0].Name, StringComparison.Ordinal);
        Assert.Equal(c.RemoteWrite[0].Name, PrometheusConfigReader.Read("remote_write:\n  - url: http://h:1/api/v1/write\n", "f.yml").RemoteWrite[0].Name);
    }

    [Theory]
    [InlineData("global:\n  scrape_interval: 15x\n", "f.yml:2:20: global.scrape_interval: '15x' is not a valid duration")]
    [InlineData("scrape_configs:\n  - static_configs: []\n", "scrape_configs.job_name: is required")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['http://x:1/']\n", "'http://x:1/' is not host:port")]
    [InlineData("scrape_configs:\n  - job_name: a\n  - job_name: a\n", "job_name 'a' is used twice")]
    [InlineData("remote_write:\n  - name: x\n", "remote_write.url: is required")]
    [InlineData("remote_write:\n  - url: http://h:1/\n    headers:\n      Content-Type: x\n", "cannot be overridden")]
    [InlineData("global:\n  scrape_interval: 5s\n  scrape_timeout: 10s\n", "is greater than global.scrape_interval")]
    [InlineData("global: [\n", "invalid YAML")]
    [InlineData("scrape_configs: &s\n  - job_name: a\n    params: *s\n", "f.yml:3:13: invalid YAML: alias *s refers to a node that contains it")]
    [InlineData("global:\n  external_labels:\n    1bad: x\n", "'1bad' is not a valid label name")]
    public void Bad_values_are_errors_naming_file_line_and_key(string yaml, string expected)
    {
        var ex = Assert.Throws<PrometheusConfigException>(() => PrometheusConfigReader.Read(yaml, "f.yml"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("f.yml", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_journal_section_sets_retention()
    {
        var c = PrometheusConfigReader.Read("sample_journal:\n  max_age: 2h\n  max_bytes: 512MiB\n  synchronous: normal\n", "hub.yml");

        Assert.Equal(TimeSpan.FromHours(2), c.SampleJournal.MaxAge);
        Assert.Equal(512L << 20, c.SampleJournal.MaxBytes);
        Assert.False(c.SampleJournal.FullSync);
        Assert.Equal(1L << 30, PrometheusConfigReader.Read("", "x").SampleJournal.MaxBytes);
        var ex = Assert.Throws<PrometheusConfigException>(() => PrometheusConfigReader.Read("sample_journal:\n  max_bytes: 10\n", "hub.yml"));
        Assert.Contains("hub.yml:2:14: sample_journal.max_bytes", ex.Message, StringComparison.Ordinal);
    }
}
