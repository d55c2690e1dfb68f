using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>client_golang's MetricSorter: fewer labels first, then label values position by position (ordinal).</summary>
internal sealed class MetricOrder : IComparer<Metric>
{
    public static readonly MetricOrder Instance = new();

    public static int Compare(Label[] a, Label[] b)
    {
        if (a.Length != b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        for (var i = 0; i < a.Length; i++)
        {
            var c = string.CompareOrdinal(a[i].Value, b[i].Value);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    public int Compare(Metric? x, Metric? y) => Compare(x!.Labels, y!.Labels);
}
