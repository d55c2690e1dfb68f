namespace DualHub.Metrics.Model;

/// <summary>
/// One metric (a series, or for summaries and histograms a group of series) of a family.
/// Counter, gauge, untyped, info and stateset use <see cref="Value"/>; summaries use
/// <see cref="Quantiles"/>, <see cref="Count"/> and <see cref="Sum"/>; histograms use
/// <see cref="Buckets"/>, <see cref="Count"/> and <see cref="Sum"/>.
/// </summary>
public sealed class Metric
{
    /// <summary>Labels sorted by name (ordinal), names unique; never includes <c>__name__</c>, <c>le</c> of buckets or <c>quantile</c> of quantiles.</summary>
    public Label[] Labels { get; set; } = [];

    public double Value { get; set; }

    /// <summary>Milliseconds since the Unix epoch, when the sample carried one.</summary>
    public long? TimestampMs { get; set; }

    public double Count { get; set; }

    public double Sum { get; set; }

    public Quantile[] Quantiles { get; set; } = [];

    public Bucket[] Buckets { get; set; } = [];

    /// <summary>OpenMetrics <c>_created</c>, seconds since the Unix epoch.</summary>
    public double? Created { get; set; }
}
