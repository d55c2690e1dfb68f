using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>Structural equality of sorted label sets, looked up by span so a hit allocates nothing.</summary>
internal sealed class LabelSetComparer : IEqualityComparer<Label[]>, IAlternateEqualityComparer<ReadOnlySpan<Label>, Label[]>
{
    public static readonly LabelSetComparer Instance = new();

    public bool Equals(Label[]? x, Label[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(Label[] obj) => GetHashCode(obj.AsSpan());

    public bool Equals(ReadOnlySpan<Label> alternate, Label[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<Label> alternate)
    {
        var hash = default(HashCode);
        foreach (var l in alternate)
        {
            hash.Add(l.Name);
            hash.Add(l.Value);
        }

        return hash.ToHashCode();
    }

    public Label[] Create(ReadOnlySpan<Label> alternate) => alternate.ToArray();
}
