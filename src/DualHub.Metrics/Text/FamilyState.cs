using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>Parse-time state of one family: what was declared, and the summary/histogram series being assembled.</summary>
internal sealed class FamilyState(MetricFamily family)
{
    public MetricFamily Family { get; } = family;

    public bool HelpSet { get; set; }

    public bool TypeSet { get; set; }

    public bool UnitSet { get; set; }

    public Dictionary<Label[], SeriesBuilder>? Series { get; set; }

    public SeriesBuilder? Last { get; set; }

    /// <summary>Finds the summary/histogram series with these (sorted) labels, or adds one.</summary>
    public SeriesBuilder GetOrAddSeries(ReadOnlySpan<Label> labels, out bool added) => GetOrAddSeries(labels, out added, out _);

    /// <summary>As above; <paramref name="returned"/> tells that the series existed but another came after it.</summary>
    public SeriesBuilder GetOrAddSeries(ReadOnlySpan<Label> labels, out bool added, out bool returned)
    {
        added = false;
        returned = false;
        if (Last is not null && labels.SequenceEqual(Last.Metric.Labels))
        {
            return Last;
        }

        Series ??= new Dictionary<Label[], SeriesBuilder>(LabelSetComparer.Instance);
        var lookup = Series.GetAlternateLookup<ReadOnlySpan<Label>>();
        if (!lookup.TryGetValue(labels, out var builder))
        {
            builder = new SeriesBuilder(new Metric { Labels = labels.ToArray() });
            Series[builder.Metric.Labels] = builder;
            Family.Metrics.Add(builder.Metric);
            added = true;
        }
        else
        {
            returned = true;
        }

        Last = builder;
        return builder;
    }

    /// <summary>Moves the assembled quantiles and buckets into the model.</summary>
    public void Complete()
    {
        if (Series is null)
        {
            return;
        }

        foreach (var builder in Series.Values)
        {
            builder.Complete();
        }
    }
}
