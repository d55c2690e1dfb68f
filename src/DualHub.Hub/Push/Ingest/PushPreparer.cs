using System.Collections.Concurrent;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Ingest;

/// <summary>
/// Everything about a push that does not depend on the store, done on the request thread in O(size of the push):
/// timestamp rejection, hub limits, the Pushgateway's label sanitizing (grouping labels override body labels,
/// <c>instance=""</c> added), per-series label checks and duplicates within the push; metrics sorted for exposition.
/// </summary>
internal static class PushPreparer
{
    private const int MaxPooledNames = 50_000;
    private static readonly ConcurrentDictionary<string, string> NamePool = new(StringComparer.Ordinal);

    public static PrepareResult Prepare(List<MetricFamily> parsed, GroupId group, LimitsOptions limits)
    {
        // A repeated family name (protobuf) overwrites the earlier one, as in the Pushgateway's map.
        var byName = new Dictionary<string, MetricFamily>(parsed.Count, StringComparer.Ordinal);
        var series = 0L;
        var timestamps = false;
        foreach (var f in parsed)
        {
            byName[f.Name] = f;
        }

        foreach (var f in byName.Values)
        {
            series += f.Metrics.Count;
            foreach (var m in f.Metrics)
            {
                timestamps |= m.TimestampMs is not null;
            }
        }

        if (series > limits.MaxSeriesPerPush)
        {
            return Limit($"push has {series} series, more than the limit of {limits.MaxSeriesPerPush} (limits.max_series_per_push)");
        }

        if (timestamps)
        {
            return new PrepareResult([], "pushed metrics must not have timestamps", null);
        }

        // The group's push-time gauges carry its labels even when the body is empty: they meet the series limits too.
        if (SeriesLimit(PushStore.PushTimeName, Sanitize([], group), limits) is { } groupLimit)
        {
            return Limit(groupLimit);
        }

        // The push-time gauges are the hub's own: pushed families of those names are replaced.
        byName.Remove(PushStore.PushTimeName);
        byName.Remove(PushStore.PushFailureTimeName);

        var families = new List<MetricFamily>(byName.Count);
        var seen = new HashSet<SeriesKey>();
        string? rejection = null;
        foreach (var f in byName.Values)
        {
            if (!LabelNames.IsValidMetricName(f.Name))
            {
                rejection ??= $"collected metric {f.Name} has an invalid metric name";
                continue;
            }

            foreach (var m in f.Metrics)
            {
                m.Labels = Sanitize(m.Labels, group);
                if (SeriesLimit(f.Name, m.Labels, limits) is { } limit)
                {
                    return Limit(limit);
                }

                rejection ??= CheckLabels(f, m);
                if (rejection is null && !seen.Add(new SeriesKey(f.Name, m.Labels)))
                {
                    rejection = $"{MetricText.Describe(f.Name, f.Type, m)} was collected before with the same name and label values";
                }
            }

            f.Metrics.Sort(MetricOrder.Instance);
            families.Add(f);
        }

        return new PrepareResult(families, rejection, null);
    }

    /// <summary>The hub's per-series limits (label count, name and value lengths): the first one exceeded, or null.</summary>
    private static string? SeriesLimit(string family, Label[] labels, LimitsOptions limits)
    {
        if (labels.Length > limits.MaxLabelsPerSeries)
        {
            return $"series of {family} has {labels.Length} labels, more than the limit of {limits.MaxLabelsPerSeries} (limits.max_labels_per_series)";
        }

        foreach (var l in labels)
        {
            if (l.Name.Length > limits.MaxLabelNameLength)
            {
                return $"label name \"{Truncate(l.Name)}\" of {family} is {l.Name.Length} characters long, more than the limit of {limits.MaxLabelNameLength} (limits.max_label_name_length)";
            }

            if (l.Value.Length > limits.MaxLabelValueLength)
            {
                return $"value of label \"{Truncate(l.Name)}\" of {family} is {l.Value.Length} characters long, more than the limit of {limits.MaxLabelValueLength} (limits.max_label_value_length)";
            }
        }

        return null;
    }

    /// <summary>client_golang's per-metric label checks, on the sanitized labels.</summary>
    private static string? CheckLabels(MetricFamily f, Metric m)
    {
        for (var i = 0; i < m.Labels.Length; i++)
        {
            var name = m.Labels[i].Name;
            if (!LabelNames.IsValidLabelName(name) || name.StartsWith("__", StringComparison.Ordinal))
            {
                return $"{MetricText.Describe(f.Name, f.Type, m)} has a label with an invalid name: {name}";
            }

            if (i > 0 && m.Labels[i - 1].Name == name)
            {
                return $"{MetricText.Describe(f.Name, f.Type, m)} has two or more labels with the same name: {name}";
            }

            if (f.Type == MetricType.Summary && name == "quantile")
            {
                return $"{MetricText.Describe(f.Name, f.Type, m)} must not have an explicit \"quantile\" label";
            }

            if (f.Type is MetricType.Histogram or MetricType.GaugeHistogram && name == "le")
            {
                return $"{MetricText.Describe(f.Name, f.Type, m)} must not have an explicit \"le\" label";
            }
        }

        return null;
    }

    /// <summary>The Pushgateway's sanitizeLabels: grouping labels overwrite or fill in body labels; <c>instance=""</c> when absent; sorted by name.</summary>
    private static Label[] Sanitize(Label[] labels, GroupId group)
    {
        var result = new List<Label>(labels.Length + group.Labels.Length + 1);
        var hasInstance = false;
        foreach (var l in labels)
        {
            var name = Pool(l.Name);
            var g = group.Get(name);
            result.Add(g is null ? new Label(name, l.Value) : new Label(name, g));
            hasInstance |= name == "instance";
        }

        foreach (var g in group.Labels)
        {
            if (!Contains(labels, g.Name))
            {
                result.Add(g);
                hasInstance |= g.Name == "instance";
            }
        }

        if (!hasInstance)
        {
            result.Add(new Label("instance", string.Empty));
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. result];
    }

    private static bool Contains(Label[] labels, string name)
    {
        foreach (var l in labels)
        {
            if (l.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string Pool(string name)
    {
        if (NamePool.TryGetValue(name, out var pooled))
        {
            return pooled;
        }

        if (NamePool.Count < MaxPooledNames)
        {
            NamePool.TryAdd(name, name);
        }

        return name;
    }

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "...";

    private static PrepareResult Limit(string message) => new([], null, message);
}
