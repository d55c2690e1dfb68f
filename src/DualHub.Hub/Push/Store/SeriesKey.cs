using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>Identity of one series (metric name and its sorted labels); references the stored arrays, copies nothing.</summary>
internal readonly struct SeriesKey(string name, Label[] labels) : IEquatable<SeriesKey>
{
    public string Name { get; } = name;

    public Label[] Labels { get; } = labels;

    public bool Equals(SeriesKey other)
    {
        if (!string.Equals(Name, other.Name, StringComparison.Ordinal) || Labels.Length != other.Labels.Length)
        {
            return false;
        }

        for (var i = 0; i < Labels.Length; i++)
        {
            if (!string.Equals(Labels[i].Name, other.Labels[i].Name, StringComparison.Ordinal)
                || !string.Equals(Labels[i].Value, other.Labels[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is SeriesKey k && Equals(k);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Name, StringComparer.Ordinal);
        foreach (var l in Labels)
        {
            h.Add(l.Name, StringComparer.Ordinal);
            h.Add(l.Value, StringComparer.Ordinal);
        }

        return h.ToHashCode();
    }
}
