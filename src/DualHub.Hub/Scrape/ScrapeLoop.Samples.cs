using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>Samples of a scrape: the target's families and the synthetic series.</summary>
internal sealed partial class ScrapeLoop
{
    private (int Scraped, int Added) AddFamilies(List<MetricFamily> families, long scrapeMs) =>
        _flattener.Flatten(families, _target.TargetLabels, _target.ExternalLabels, _target.HonorLabels, _target.HonorTimestamps, scrapeMs, _batch, _cache, _target.MetricRelabelConfigs);

    private void AddSynthetic(long ts, bool up, double duration, int scraped, int kept, int added)
    {
        _flattener.AddTargetSample("up", _target.TargetLabels, _target.ExternalLabels, ts, up ? 1 : 0, _batch);
        _flattener.AddTargetSample("scrape_duration_seconds", _target.TargetLabels, _target.ExternalLabels, ts, duration, _batch);
        _flattener.AddTargetSample("scrape_samples_scraped", _target.TargetLabels, _target.ExternalLabels, ts, scraped, _batch);
        _flattener.AddTargetSample("scrape_samples_post_metric_relabeling", _target.TargetLabels, _target.ExternalLabels, ts, kept, _batch);
        _flattener.AddTargetSample("scrape_series_added", _target.TargetLabels, _target.ExternalLabels, ts, added, _batch);
    }
}
