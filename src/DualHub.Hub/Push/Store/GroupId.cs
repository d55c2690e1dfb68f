using System.Text;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>A grouping key: labels sorted by name, and the canonical string <c>name\xFFvalue\xFF...</c> (the Pushgateway's key).</summary>
public sealed class GroupId : IEquatable<GroupId>
{
    private GroupId(Label[] labels, string key)
    {
        Labels = labels;
        Key = key;
    }

    public Label[] Labels { get; }

    public string Key { get; }

    public static GroupId From(IEnumerable<Label> labels)
    {
        var sorted = labels.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var sb = new StringBuilder();
        foreach (var l in sorted)
        {
            if (sb.Length > 0)
            {
                sb.Append('\xFF');
            }

            sb.Append(l.Name).Append('\xFF').Append(l.Value);
        }

        return new GroupId(sorted, sb.ToString());
    }

    public string? Get(string name)
    {
        foreach (var l in Labels)
        {
            if (l.Name == name)
            {
                return l.Value;
            }
        }

        return null;
    }

    public bool Equals(GroupId? other) => other is not null && other.Key == Key;

    public override bool Equals(object? obj) => obj is GroupId g && Equals(g);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => "{" + string.Join(",", Labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";
}
