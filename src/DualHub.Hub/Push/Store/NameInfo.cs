using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>Index entry per metric family name: its type across groups and how many groups hold it.</summary>
internal sealed class NameInfo(MetricType type)
{
    public MetricType Type { get; set; } = type;

    public int Groups { get; set; }
}
