using System.Text;
using DualHub.Hub.PrometheusConfig;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>Turns <c>scrape_configs</c> into targets with Prometheus' target labels (job, instance, static labels).</summary>
public static class ScrapeTargetFactory
{
    public static List<ScrapeTarget> Create(PrometheusConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var external = Sorted(config.Global.ExternalLabels);
        var result = new List<ScrapeTarget>();
        foreach (var job in config.ScrapeConfigs)
        {
            var auth = Authorization(job);
            foreach (var group in job.StaticConfigs)
            {
                foreach (var target in group.Targets)
                {
                    var labels = new Dictionary<string, string>(group.Labels, StringComparer.Ordinal)
                    {
                        ["job"] = group.Labels.GetValueOrDefault("job", job.JobName),
                        ["instance"] = group.Labels.GetValueOrDefault("instance", target),
                    };
                    result.Add(new ScrapeTarget(
                        job.JobName,
                        BuildUrl(job, target),
                        Sorted(labels),
                        external,
                        job.HonorLabels,
                        job.HonorTimestamps,
                        config.IntervalOf(job),
                        config.TimeoutOf(job),
                        auth));
                }
            }
        }

        return result;
    }

    private static Uri BuildUrl(ScrapeConfig job, string target)
    {
        var sb = new StringBuilder();
        sb.Append(job.Scheme).Append("://").Append(target).Append(job.MetricsPath);
        var first = !job.MetricsPath.Contains('?', StringComparison.Ordinal);
        foreach (var (name, values) in job.Params)
        {
            foreach (var v in values)
            {
                sb.Append(first ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(v));
                first = false;
            }
        }

        return new Uri(sb.ToString());
    }

    private static string? Authorization(ScrapeConfig job)
    {
        if (job.BasicAuth is { } basic)
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{basic.ResolvePassword()}"));
        }

        if (job.BearerToken is { } token)
        {
            return "Bearer " + token;
        }

        if (job.BearerTokenFile is { } file)
        {
            return "Bearer " + File.ReadAllText(file).Trim();
        }

        return null;
    }

    private static Label[] Sorted(IReadOnlyDictionary<string, string> labels) =>
        labels.Where(kv => kv.Value.Length > 0)
            .Select(kv => new Label(kv.Key, kv.Value))
            .OrderBy(l => l.Name, StringComparer.Ordinal)
            .ToArray();
}
