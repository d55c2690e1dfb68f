using DualHub.Metrics.Model;

namespace DualHub.Client.Collection;

/// <summary>Aggregated state of one series (one tag set) of one instrument.</summary>
internal sealed class Series(Label[] labels, int buckets)
{
    public Label[] Labels { get; } = labels;

    /// <summary>Sum (counters), last value (gauges) or sum of observations (histograms).</summary>
    public double Value { get; set; }

    public long Count { get; set; }

    /// <summary>Per-bucket (not cumulative) counts of a histogram; the last one is +Inf.</summary>
    public long[] BucketCounts { get; } = buckets == 0 ? [] : new long[buckets];
}
