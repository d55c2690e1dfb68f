using DualHub.Hub.Push.Store;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Exposition;

/// <summary>The two push-time gauges of one group, serialized once per (immutable) group and format.</summary>
internal sealed class GroupGauges
{
    public const string PushHelp = "Last Unix time when changing this group in the Pushgateway succeeded.";
    public const string FailureHelp = "Last Unix time when changing this group in the Pushgateway failed.";

    private GroupGauges(SeriesChunk push, SeriesChunk failure)
    {
        Push = push;
        Failure = failure;
    }

    public SeriesChunk Push { get; }

    public SeriesChunk Failure { get; }

    public static GroupGauges For(MetricGroup g, bool openMetrics)
    {
        if (g.ExpositionCache is GroupGauges[] cached && cached[openMetrics ? 1 : 0] is { } hit)
        {
            return hit;
        }

        var built = new GroupGauges(
            ChunkWriter.Build(Family(PushStore.PushTimeName, PushHelp, g, g.PushTimeNanos), openMetrics),
            ChunkWriter.Build(Family(PushStore.PushFailureTimeName, FailureHelp, g, g.FailureTimeNanos), openMetrics));
        var slots = g.ExpositionCache as GroupGauges[] ?? new GroupGauges[2];
        slots[openMetrics ? 1 : 0] = built;
        g.ExpositionCache = slots;
        return built;
    }

    public static MetricFamily Family(string name, string help, MetricGroup g, long nanos)
    {
        var f = new MetricFamily(name, MetricType.Gauge) { Help = help };
        f.Metrics.Add(new Metric { Labels = g.GaugeLabels, Value = nanos / 1e9 });
        return f;
    }
}
