using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// Finds a repeated label name within one sample line: a scan for the usual few labels, a hash set
/// once a line has many, so a hostile line with 100k labels stays linear.
/// </summary>
internal sealed class DuplicateLabelCheck
{
    private const int HashFrom = 16;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>Forgets the previous line.</summary>
    public void Reset() => _names.Clear();

    /// <summary>True when <paramref name="name"/> is already among <paramref name="labels"/> (the labels read so far on this line).</summary>
    public bool IsDuplicate(List<Label> labels, string name)
    {
        if (labels.Count < HashFrom)
        {
            foreach (var l in labels)
            {
                if (l.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        if (_names.Count == 0)
        {
            foreach (var l in labels)
            {
                _names.Add(l.Name);
            }
        }

        return !_names.Add(name);
    }
}
