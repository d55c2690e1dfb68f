using DualHub.Metrics.Model;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Builds a sample's final label set in a caller-owned buffer, with Prometheus' rules: target labels win and a
/// clashing scraped label becomes <c>exported_&lt;name&gt;</c>, unless honor_labels, where the scraped label wins
/// (an empty scraped value removes the label); external labels fill in only what is absent; empty values vanish.
/// </summary>
internal static class LabelMerger
{
    public static int Merge(ReadOnlySpan<Label> scraped, Label? extra, ReadOnlySpan<Label> target, ReadOnlySpan<Label> external, bool honorLabels, ref Label[] dest)
    {
        var need = scraped.Length + 1 + target.Length + external.Length;
        if (dest.Length < need)
        {
            dest = new Label[Math.Max(need, dest.Length * 2)];
        }

        var n = 0;
        foreach (var l in scraped)
        {
            dest[n++] = l;
        }

        if (extra is { } e)
        {
            n = InsertSorted(dest, n, e);
        }

        foreach (var t in target)
        {
            var i = Find(dest, n, t.Name);
            if (i < 0)
            {
                n = InsertSorted(dest, n, t);
            }
            else if (!honorLabels)
            {
                var clashing = dest[i];
                n = RemoveAt(dest, n, i);
                var name = "exported_" + clashing.Name;
                while (Find(dest, n, name) >= 0 || Find(target, target.Length, name) >= 0)
                {
                    name = "exported_" + name;
                }

                n = InsertSorted(dest, n, new Label(name, clashing.Value));
                n = InsertSorted(dest, n, t);
            }
        }

        foreach (var x in external)
        {
            if (Find(dest, n, x.Name) < 0)
            {
                n = InsertSorted(dest, n, x);
            }
        }

        var w = 0;
        for (var r = 0; r < n; r++)
        {
            if (dest[r].Value.Length > 0)
            {
                dest[w++] = dest[r];
            }
        }

        return w;
    }

    private static int Find(ReadOnlySpan<Label> labels, int count, string name)
    {
        int lo = 0, hi = count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(labels[mid].Name, name);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    private static int InsertSorted(Label[] dest, int count, Label label)
    {
        var i = count;
        while (i > 0 && string.CompareOrdinal(dest[i - 1].Name, label.Name) > 0)
        {
            dest[i] = dest[i - 1];
            i--;
        }

        dest[i] = label;
        return count + 1;
    }

    private static int RemoveAt(Label[] dest, int count, int index)
    {
        Array.Copy(dest, index + 1, dest, index, count - index - 1);
        return count - 1;
    }
}
