using DualHub.Hub.PrometheusConfig;
using DualHub.Hub.Relabel;
using DualHub.Hub.Regexp;
using DualHub.Hub.Scrape;

namespace DualHub.Hub.Reload;

/// <summary>
/// Whether a reloaded scrape target or remote-write upstream is configured exactly as the running one (then it keeps
/// running untouched, as Prometheus keeps an unchanged scrape pool or queue). The records hold lists, dictionaries and
/// compiled regexes, which a record's own equality compares by reference.
/// </summary>
internal static class SameConfig
{
    public static bool Target(ScrapeTarget a, ScrapeTarget b) =>
        a.Job == b.Job && a.Url == b.Url && a.HonorLabels == b.HonorLabels && a.HonorTimestamps == b.HonorTimestamps
        && a.Interval == b.Interval && a.Timeout == b.Timeout && a.Authorization == b.Authorization && a.TlsConfig == b.TlsConfig
        && a.TargetLabels.AsSpan().SequenceEqual(b.TargetLabels) && a.ExternalLabels.AsSpan().SequenceEqual(b.ExternalLabels)
        && Rules(a.MetricRelabelConfigs, b.MetricRelabelConfigs);

    public static bool RemoteWrite(RemoteWriteConfig a, RemoteWriteConfig b) =>
        a.Name == b.Name && a.Url == b.Url && a.RemoteTimeout == b.RemoteTimeout && a.BearerToken == b.BearerToken
        && a.BasicAuth == b.BasicAuth && a.TlsConfig == b.TlsConfig && a.QueueConfig == b.QueueConfig && a.ResendWindow == b.ResendWindow
        && a.Headers.Count == b.Headers.Count
        && a.Headers.All(h => b.Headers.TryGetValue(h.Key, out var v) && v == h.Value)
        && Rules(a.WriteRelabelConfigs, b.WriteRelabelConfigs);

    private static bool Rules(IReadOnlyList<RelabelRule> a, IReadOnlyList<RelabelRule> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x.Regex.Pattern != y.Regex.Pattern || !x.SourceLabels.SequenceEqual(y.SourceLabels)
                || x with { Regex = GoRegexp.Default, SourceLabels = Array.Empty<string>() } != y with { Regex = GoRegexp.Default, SourceLabels = Array.Empty<string>() })
            {
                return false;
            }
        }

        return true;
    }
}
