using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>An OpenMetrics family while parsing: descriptors first, the model once samples arrive.</summary>
internal sealed class OpenMetricsFamily(string baseName)
{
    public string BaseName { get; } = baseName;

    public MetricType Type { get; set; } = MetricType.Untyped;

    public string Help { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public bool HelpSet { get; set; }

    public bool TypeSet { get; set; }

    public bool UnitSet { get; set; }

    public FamilyState? State { get; private set; }

    public FamilyState EnsureState()
    {
        if (State is null)
        {
            var name = Type == MetricType.Counter ? BaseName + "_total" : BaseName;
            State = new FamilyState(new MetricFamily(name, Type) { Help = Help, Unit = Unit });
        }

        return State;
    }
}
