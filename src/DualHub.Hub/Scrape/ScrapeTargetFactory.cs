using System.Text;
using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.Relabel;
using DualHub.Metrics.Durations;
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
        var lb = new RelabelLabels();
        foreach (var job in config.ScrapeConfigs)
        {
            var auth = Authorization(job);
            var interval = config.IntervalOf(job);
            var timeout = config.TimeoutOf(job);
            foreach (var group in job.StaticConfigs)
            {
                foreach (var target in group.Targets)
                {
                    if (Populate(lb, job, group, target, interval, timeout) is not { } labels)
                    {
                        continue;
                    }

                    result.Add(new ScrapeTarget(
                        job.JobName,
                        BuildUrl(labels, job.Params),
                        labels.Where(l => !l.Name.StartsWith("__", StringComparison.Ordinal)).ToArray(),
                        external,
                        job.HonorLabels,
                        job.HonorTimestamps,
                        DurationLabel(labels, "__scrape_interval__") ?? interval,
                        DurationLabel(labels, "__scrape_timeout__") ?? timeout,
                        auth)
                    {
                        MetricRelabelConfigs = job.MetricRelabelConfigs,
                        TlsConfig = job.TlsConfig,
                    });
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Prometheus' <c>PopulateLabels</c>: the target's labels before relabeling (static labels, <c>__address__</c>,
    /// job, scrape interval and timeout, metrics path, scheme, <c>__param_*</c>), then <c>relabel_configs</c>; null
    /// when a rule drops the target or no address is left. The result, sorted, still holds the <c>__</c> labels.
    /// </summary>
    private static Label[]? Populate(RelabelLabels lb, ScrapeConfig job, StaticConfig group, string target, TimeSpan interval, TimeSpan timeout)
    {
        lb.Reset([]);
        foreach (var (name, value) in group.Labels)
        {
            lb.Set(name, value);
        }

        lb.Set("__address__", target);
        SetIfAbsent(lb, "job", job.JobName);
        SetIfAbsent(lb, "__scrape_interval__", DurationText.Format(interval, DurationSyntax.Prometheus));
        SetIfAbsent(lb, "__scrape_timeout__", DurationText.Format(timeout, DurationSyntax.Prometheus));
        SetIfAbsent(lb, "__metrics_path__", job.MetricsPath);
        SetIfAbsent(lb, "__scheme__", job.Scheme);
        foreach (var (name, values) in job.Params)
        {
            if (values.Count > 0)
            {
                lb.Set("__param_" + name, values[0]);
            }
        }

        if (!Relabeler.Process(lb, job.RelabelConfigs))
        {
            return null;
        }

        var address = lb.Get("__address__");
        if (address.Length == 0)
        {
            return null;
        }

        // Prometheus 2.42 adds the scheme's default port to an address without one.
        if (!HasPort(address))
        {
            address += lb.Get("__scheme__") == "https" ? ":443" : ":80";
            lb.Set("__address__", address);
        }

        foreach (var l in lb.Items.ToArray())
        {
            if (l.Name.StartsWith("__meta_", StringComparison.Ordinal))
            {
                lb.Delete(l.Name);
            }
        }

        SetIfAbsent(lb, "instance", address);
        lb.Sort();
        return lb.Items.ToArray();
    }

    private static void SetIfAbsent(RelabelLabels lb, string name, string value)
    {
        if (lb.Get(name).Length == 0)
        {
            lb.Set(name, value);
        }
    }

    private static bool HasPort(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon >= 0 && colon > address.LastIndexOf(']');
    }

    private static TimeSpan? DurationLabel(Label[] labels, string name)
    {
        var value = Array.Find(labels, l => l.Name == name).Value;
        return value is not null && DurationText.TryParse(value, DurationSyntax.Prometheus, out var d) && d > TimeSpan.Zero ? d : null;
    }

    /// <summary>The scrape URL from the relabeled <c>__scheme__</c>, <c>__address__</c>, <c>__metrics_path__</c> and <c>__param_*</c>.</summary>
    private static Uri BuildUrl(Label[] labels, IReadOnlyDictionary<string, IReadOnlyList<string>> configured)
    {
        string Get(string name) => Array.Find(labels, l => l.Name == name).Value ?? string.Empty;
        var parameters = configured.ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
        foreach (var l in labels)
        {
            if (l.Name.StartsWith("__param_", StringComparison.Ordinal))
            {
                var name = l.Name["__param_".Length..];
                if (parameters.TryGetValue(name, out var values) && values.Count > 0)
                {
                    values[0] = l.Value;
                }
                else
                {
                    parameters[name] = [l.Value];
                }
            }
        }

        var path = Get("__metrics_path__");
        var sb = new StringBuilder();
        sb.Append(Get("__scheme__")).Append("://").Append(Get("__address__")).Append(path);
        var first = !path.Contains('?', StringComparison.Ordinal);
        foreach (var (name, values) in parameters)
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
            return basic.Header().ToString();
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
