using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>Flattening families into samples with final label sets.</summary>
internal sealed partial class ScrapeLoop
{
    private (int Scraped, int Added) AddFamilies(List<MetricFamily> families, long scrapeMs)
    {
        int scraped = 0, added = 0;
        foreach (var family in families)
        {
            var names = Suffixed(family);
            foreach (var m in family.Metrics)
            {
                var ts = _target.HonorTimestamps && m.TimestampMs is { } t ? t : scrapeMs;
                switch (family.Type)
                {
                    case MetricType.Summary:
                        foreach (var q in m.Quantiles)
                        {
                            Add(names[0], m.Labels, new Label("quantile", FloatLabel(q.Q)), ts, q.Value, ref scraped, ref added);
                        }

                        Add(names[1], m.Labels, null, ts, m.Sum, ref scraped, ref added);
                        Add(names[2], m.Labels, null, ts, m.Count, ref scraped, ref added);
                        break;
                    case MetricType.Histogram or MetricType.GaugeHistogram:
                        foreach (var b in m.Buckets)
                        {
                            Add(names[3], m.Labels, new Label("le", FloatLabel(b.UpperBound)), ts, b.CumulativeCount, ref scraped, ref added);
                        }

                        Add(names[1], m.Labels, null, ts, m.Sum, ref scraped, ref added);
                        Add(names[2], m.Labels, null, ts, m.Count, ref scraped, ref added);
                        break;
                    default:
                        Add(names[0], m.Labels, null, ts, m.Value, ref scraped, ref added);
                        break;
                }
            }
        }

        return (scraped, added);
    }

    private void Add(string name, Label[] labels, Label? extra, long ts, double value, ref int scraped, ref int added)
    {
        var n = LabelMerger.Merge(labels, extra, _target.TargetLabels, _target.ExternalLabels, _target.HonorLabels, ref _scratch);
        var final = _scratch.AsSpan(0, n);
        if (_tracker.Observe(name, final))
        {
            added++;
        }

        _batch.Add(name, final, ts, value);
        scraped++;
    }

    private void AddSynthetic(long ts, bool up, double duration, int scraped, int added)
    {
        var n = LabelMerger.Merge([], null, _target.TargetLabels, _target.ExternalLabels, honorLabels: false, ref _scratch2);
        var labels = _scratch2.AsSpan(0, n);
        _batch.Add("up", labels, ts, up ? 1 : 0);
        _batch.Add("scrape_duration_seconds", labels, ts, duration);
        _batch.Add("scrape_samples_scraped", labels, ts, scraped);
        _batch.Add("scrape_samples_post_metric_relabeling", labels, ts, scraped);
        _batch.Add("scrape_series_added", labels, ts, added);
    }

    /// <summary>Sample names of a family: [plain or quantile series, _sum, _count, _bucket].</summary>
    private string[] Suffixed(MetricFamily family)
    {
        if (_suffixed.TryGetValue(family.Name, out var names) && names.Length == 4)
        {
            return names;
        }

        var plain = family.Type == MetricType.Info ? family.Name + "_info" : family.Name;
        var gauge = family.Type == MetricType.GaugeHistogram;
        names = [plain, family.Name + (gauge ? "_gsum" : "_sum"), family.Name + (gauge ? "_gcount" : "_count"), family.Name + "_bucket"];
        if (_suffixed.Count > 100_000)
        {
            _suffixed.Clear();
        }

        _suffixed[family.Name] = names;
        return names;
    }

    private string FloatLabel(double v)
    {
        var bits = BitConverter.DoubleToInt64Bits(v);
        if (_floatLabels.TryGetValue(bits, out var s))
        {
            return s;
        }

        s = GoFloatLabel.Format(v);
        if (_floatLabels.Count > 10_000)
        {
            _floatLabels.Clear();
        }

        _floatLabels[bits] = s;
        return s;
    }
}
