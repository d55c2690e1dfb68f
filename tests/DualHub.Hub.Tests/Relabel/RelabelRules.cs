using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.Relabel;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Tests.Relabel;

/// <summary>Rules read from YAML as a job's <c>metric_relabel_configs</c>, and label sets written as a=1,b=2.</summary>
internal static class RelabelRules
{
    public static IReadOnlyList<RelabelRule> Parse(string rulesYaml)
    {
        var indented = string.Join('\n', rulesYaml.Split('\n').Select(l => "      " + l));
        var config = PrometheusConfigReader.Read($"scrape_configs:\n  - job_name: j\n    metric_relabel_configs:\n{indented}\n", "relabel.yml");
        return config.ScrapeConfigs[0].MetricRelabelConfigs;
    }

    /// <summary>The relabeled set as sorted "a=1,b=2", or null when dropped.</summary>
    public static string? Apply(IReadOnlyList<RelabelRule> rules, params (string Name, string Value)[] input)
    {
        var lb = new RelabelLabels();
        lb.Reset(input.Select(p => new Label(p.Name, p.Value)).ToArray());
        if (!Relabeler.Process(lb, rules))
        {
            return null;
        }

        lb.Sort();
        return string.Join(',', lb.Items.ToArray().Select(l => $"{l.Name}={l.Value}"));
    }
}
