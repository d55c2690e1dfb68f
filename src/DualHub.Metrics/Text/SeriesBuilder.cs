using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>A summary or histogram metric whose quantiles or buckets arrive over several lines.</summary>
internal sealed class SeriesBuilder(Metric metric)
{
    private List<Quantile>? _quantiles;
    private List<Bucket>? _buckets;

    public Metric Metric { get; } = metric;

    public void AddQuantile(Quantile q) => (_quantiles ??= []).Add(q);

    public void AddBucket(Bucket b) => (_buckets ??= []).Add(b);

    public void Complete()
    {
        if (_quantiles is not null)
        {
            Metric.Quantiles = [.. _quantiles];
        }

        if (_buckets is not null)
        {
            Metric.Buckets = [.. _buckets];
        }
    }
}
