using DualHub.Hub.Options;
using DualHub.Hub.Reload;
using DualHub.Hub.Scrape;

namespace DualHub.Hub.Tests.Reload;

public sealed class SameConfigTests
{
    private const string Yaml = """
        global:
          external_labels: {site: a}
        scrape_configs:
          - job_name: node
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: 'go_.*'
                action: drop
            static_configs:
              - targets: ['127.0.0.1:9100']
                labels: {rack: r1}
        remote_write:
          - name: central
            url: http://127.0.0.1:9000/api/v1/write
            headers: {X-Scope: t1}
            write_relabel_configs:
              - regex: 'tmp_.*'
                source_labels: [__name__]
                action: drop
        """;

    [Fact]
    public void The_same_file_read_twice_is_the_same_config()
    {
        var (a, b) = (HubConfigLoader.Parse(Yaml), HubConfigLoader.Parse(Yaml));
        Assert.True(SameConfig.RemoteWrite(a.Prometheus.RemoteWrite[0], b.Prometheus.RemoteWrite[0]));
        Assert.True(SameConfig.Target(ScrapeTargetFactory.Create(a.Prometheus)[0], ScrapeTargetFactory.Create(b.Prometheus)[0]));
    }

    [Theory]
    [InlineData("X-Scope: t1", "X-Scope: t2")]
    [InlineData("regex: 'tmp_.*'", "regex: 'temp_.*'")]
    [InlineData("url: http://127.0.0.1:9000", "url: http://127.0.0.1:9001")]
    public void A_changed_upstream_is_not_the_same(string from, string to)
    {
        var (a, b) = (HubConfigLoader.Parse(Yaml), HubConfigLoader.Parse(Yaml.Replace(from, to, StringComparison.Ordinal)));
        Assert.False(SameConfig.RemoteWrite(a.Prometheus.RemoteWrite[0], b.Prometheus.RemoteWrite[0]));
    }

    [Theory]
    [InlineData("site: a", "site: b")]
    [InlineData("rack: r1", "rack: r2")]
    [InlineData("regex: 'go_.*'", "regex: 'python_.*'")]
    public void A_changed_target_is_not_the_same(string from, string to)
    {
        var (a, b) = (HubConfigLoader.Parse(Yaml), HubConfigLoader.Parse(Yaml.Replace(from, to, StringComparison.Ordinal)));
        Assert.False(SameConfig.Target(ScrapeTargetFactory.Create(a.Prometheus)[0], ScrapeTargetFactory.Create(b.Prometheus)[0]));
    }
}
