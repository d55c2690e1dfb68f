using DualHub.Hub.Options;

namespace DualHub.Hub.Tests.PrometheusConfig;

public class HubConfigSectionsTests
{
    [Fact]
    public void Hub_config_carries_prometheus_sections_and_warns_on_stale_keys()
    {
        const string yaml = """
            role: edge
            listen: 127.0.0.1:9100
            global:
              scrape_interval: 15s
            rule_files: [edge.rules.yml]
            scrape_configs:
              - job_name: edgehub-self
                static_configs:
                  - targets: ['localhost:9100']
            remote_write:
              - url: http://localhost:9000/api/v1/write
                queue_config:
                  max_retries: 3
            sample_journal:
              max_age: 2h
            """;
        var o = HubConfigLoader.Parse(yaml, "prometheus-edge.yml");

        Assert.Equal(HubRole.Edge, o.Role);
        Assert.Equal(TimeSpan.FromSeconds(15), o.Prometheus.Global.ScrapeInterval);
        Assert.Single(o.Prometheus.ScrapeConfigs);
        Assert.Single(o.Prometheus.RemoteWrite);
        Assert.Equal(TimeSpan.FromHours(2), o.Prometheus.SampleJournal.MaxAge);
        Assert.Equal(["prometheus-edge.yml:5:1", "prometheus-edge.yml:13:7"], o.Prometheus.Warnings.Select(w => $"{w.File}:{w.Line}:{w.Column}"));
    }

    [Fact]
    public void Bad_prometheus_section_is_a_hub_config_error_with_the_line()
    {
        var ex = Assert.Throws<HubConfigException>(() => HubConfigLoader.Parse("scrape_configs:\n  - job_name: a\n    scrape_interval: soon\n", "hub.yml"));
        Assert.Contains("hub.yml:3:22: scrape_configs.scrape_interval", ex.Message, StringComparison.Ordinal);
    }
}
