using DualHub.Hub.Relabel;
using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Turns parsed families into samples with final label sets, as Prometheus ingests them (summaries into quantile,
/// _sum and _count series; histograms into _bucket with <c>le</c>, _sum and _count). Reused per caller: label
/// buffers and formatted <c>le</c>/<c>quantile</c> strings are kept between calls.
/// </summary>
internal sealed class FamilyFlattener
{
    private readonly Dictionary<long, string> _floatLabels = [];
    private readonly Dictionary<string, string[]> _suffixed = new(StringComparer.Ordinal);
    private readonly RelabelLabels _relabeled = new();
    private Label[] _scratch = new Label[32];
    private Label[] _unexternal = new Label[32];

    /// <summary>Samples of the last <see cref="Flatten"/> that metric relabeling kept (all of them without rules).</summary>
    public int Kept { get; private set; }

    public (int Samples, int Added) Flatten(
        List<MetricFamily> families,
        Label[] target,
        Label[] external,
        bool honorLabels,
        bool honorTimestamps,
        long defaultTimestampMs,
        SampleBatchBuilder batch,
        ScrapeSeriesCache? tracker,
        IReadOnlyList<RelabelRule>? metricRelabel = null)
    {
        var ctx = new Context(target, external, honorLabels, batch, tracker) { Relabel = metricRelabel is { Count: > 0 } ? metricRelabel : null };
        foreach (var family in families)
        {
            var names = Suffixed(family);
            foreach (var m in family.Metrics)
            {
                var ts = honorTimestamps && m.TimestampMs is { } t ? t : defaultTimestampMs;
                switch (family.Type)
                {
                    case MetricType.Summary:
                        foreach (var q in m.Quantiles)
                        {
                            Add(ref ctx, names[0], m.Labels, new Label("quantile", FloatLabel(q.Q)), ts, q.Value);
                        }

                        Add(ref ctx, names[1], m.Labels, null, ts, m.Sum);
                        Add(ref ctx, names[2], m.Labels, null, ts, m.Count);
                        break;
                    case MetricType.Histogram or MetricType.GaugeHistogram:
                        foreach (var b in m.Buckets)
                        {
                            Add(ref ctx, names[3], m.Labels, new Label("le", FloatLabel(b.UpperBound)), ts, b.CumulativeCount);
                        }

                        Add(ref ctx, names[1], m.Labels, null, ts, m.Sum);
                        Add(ref ctx, names[2], m.Labels, null, ts, m.Count);
                        break;
                    default:
                        Add(ref ctx, names[0], m.Labels, null, ts, m.Value);
                        break;
                }
            }
        }

        Kept = ctx.Samples - ctx.Dropped;
        return (ctx.Samples, ctx.Added);
    }

    /// <summary>Adds one sample with only target and external labels (the synthetic scrape series).</summary>
    public void AddTargetSample(string name, Label[] target, Label[] external, long ts, double value, SampleBatchBuilder batch)
    {
        var n = LabelMerger.Merge([], null, target, external, honorLabels: false, ref _scratch);
        batch.Add(name, _scratch.AsSpan(0, n), ts, value);
    }

    private void Add(ref Context ctx, string name, Label[] labels, Label? extra, long ts, double value)
    {
        int n;
        if (ctx.Relabel is { } rules)
        {
            // As Prometheus: metric relabeling sees the target labels and __name__, not the external labels.
            if (Relabeled(ref ctx, rules, ref name, labels, extra) is not { } kept)
            {
                ctx.Samples++;
                ctx.Dropped++;
                return;
            }

            n = kept;
        }
        else
        {
            n = LabelMerger.Merge(labels, extra, ctx.Target, ctx.External, ctx.HonorLabels, ref _scratch);
        }

        ctx.Batch.Add(name, _scratch.AsSpan(0, n), ts, value);
        if (ctx.Tracker?.Observe(ctx.Batch.LastLabels) == true)
        {
            ctx.Added++;
        }

        ctx.Samples++;
    }

    /// <summary>The sample's labels relabeled into <c>_scratch</c> with the external labels; null when a rule drops it.</summary>
    private int? Relabeled(ref Context ctx, IReadOnlyList<RelabelRule> rules, ref string name, Label[] labels, Label? extra)
    {
        var n = LabelMerger.Merge(labels, extra, ctx.Target, [], ctx.HonorLabels, ref _unexternal);
        _relabeled.Reset(_unexternal.AsSpan(0, n));
        _relabeled.Set("__name__", name);
        if (!Relabeler.Process(_relabeled, rules))
        {
            return null;
        }

        name = _relabeled.Get("__name__");
        if (name.Length == 0)
        {
            return null;
        }

        _relabeled.Delete("__name__");
        _relabeled.Sort();
        return LabelMerger.Merge(_relabeled.Items, null, [], ctx.External, honorLabels: false, ref _scratch);
    }

    /// <summary>Sample names of a family: [plain or quantile series, _sum, _count, _bucket].</summary>
    private string[] Suffixed(MetricFamily family)
    {
        if (_suffixed.TryGetValue(family.Name, out var names))
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

        s = GoFloat.FormatG(v);
        if (_floatLabels.Count > 10_000)
        {
            _floatLabels.Clear();
        }

        _floatLabels[bits] = s;
        return s;
    }

    private struct Context(Label[] target, Label[] external, bool honorLabels, SampleBatchBuilder batch, ScrapeSeriesCache? tracker)
    {
        public Label[] Target = target;
        public Label[] External = external;
        public bool HonorLabels = honorLabels;
        public SampleBatchBuilder Batch = batch;
        public ScrapeSeriesCache? Tracker = tracker;
        public IReadOnlyList<RelabelRule>? Relabel;
        public int Samples;
        public int Dropped;
        public int Added;
    }
}
