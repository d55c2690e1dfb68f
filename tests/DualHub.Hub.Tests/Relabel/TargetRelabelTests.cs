using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.Scrape;

namespace DualHub.Hub.Tests.Relabel;

/// <summary>Target relabeling as Prometheus' PopulateLabels does it.</summary>
public sealed class TargetRelabelTests
{
    [Fact]
    public void Relabel_configs_see_the_address_scheme_path_and_params_and_shape_the_target()
    {
        var config = PrometheusConfigReader.Read("""
            scrape_configs:
              - job_name: j
                params: {module: [a]}
                relabel_configs:
                  - {source_labels: [__address__], regex: '.*:9101', action: drop}
                  - {source_labels: [__address__], target_label: __param_target}
                  - {target_label: __address__, replacement: 'probe.local:9115'}
                  - {source_labels: [__param_target], target_label: instance}
                  - {source_labels: [zone], target_label: __metrics_path__, replacement: '/m/$1'}
                  - {source_labels: [__scheme__, __scrape_interval__], separator: '-', target_label: how}
                static_configs:
                  - targets: ['h1:9100', 'h2:9101']
                    labels: {zone: eu}
            """, "t.yml");

        var target = Assert.Single(ScrapeTargetFactory.Create(config));

        Assert.Equal("http://probe.local:9115/m/eu?module=a&target=h1%3A9100", target.Url.ToString());
        Assert.Equal("how=http-1m,instance=h1:9100,job=j,zone=eu", string.Join(',', target.TargetLabels.Select(l => $"{l.Name}={l.Value}")));
    }

    [Fact]
    public void Without_rules_the_target_labels_are_job_instance_and_the_static_labels()
    {
        var config = PrometheusConfigReader.Read("scrape_configs:\n  - job_name: j\n    static_configs:\n      - targets: ['h:1']\n        labels: {a: b}\n", "t.yml");

        var target = Assert.Single(ScrapeTargetFactory.Create(config));

        Assert.Equal("http://h:1/metrics", target.Url.ToString());
        Assert.Equal("a=b,instance=h:1,job=j", string.Join(',', target.TargetLabels.Select(l => $"{l.Name}={l.Value}")));
    }
}
