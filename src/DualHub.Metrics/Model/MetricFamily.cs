namespace DualHub.Metrics.Model;

/// <summary>A metric family: name, type, help and its metrics.</summary>
public sealed class MetricFamily
{
    public MetricFamily(string name, MetricType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public MetricType Type { get; set; }

    public string Help { get; set; } = string.Empty;

    /// <summary>OpenMetrics UNIT, empty when none.</summary>
    public string Unit { get; set; } = string.Empty;

    public List<Metric> Metrics { get; } = [];
}
