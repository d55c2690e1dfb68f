using DualHub.Metrics.Model;

namespace DualHub.Hub.Relabel;

/// <summary>
/// A label set being relabeled, reused between samples (no allocation once its buffer is large enough). As in
/// Prometheus' label builder, setting an empty value deletes the label.
/// </summary>
public sealed class RelabelLabels
{
    private Label[] _items = new Label[16];
    private Label[] _snapshot = new Label[16];
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<Label> Items => _items.AsSpan(0, _count);

    public void Reset(ReadOnlySpan<Label> labels)
    {
        _count = 0;
        foreach (var l in labels)
        {
            Set(l.Name, l.Value);
        }
    }

    /// <summary>The value of <paramref name="name"/>, or "" when absent.</summary>
    public string Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? string.Empty : _items[i].Value;
    }

    public void Set(string name, string value)
    {
        if (value.Length == 0)
        {
            Delete(name);
            return;
        }

        var i = IndexOf(name);
        if (i >= 0)
        {
            _items[i] = new Label(name, value);
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        _items[_count++] = new Label(name, value);
    }

    public void Delete(string name)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            _items[i] = _items[--_count];
        }
    }

    /// <summary>The labels as they are now, in a buffer that stays valid until the next call (for rules that iterate while changing the set).</summary>
    internal ReadOnlySpan<Label> Snapshot()
    {
        if (_snapshot.Length < _count)
        {
            _snapshot = new Label[_items.Length];
        }

        _items.AsSpan(0, _count).CopyTo(_snapshot);
        return _snapshot.AsSpan(0, _count);
    }

    /// <summary>Sorts by name (ordinal), the order of a series' labels.</summary>
    public void Sort() => _items.AsSpan(0, _count).Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));

    private int IndexOf(string name)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_items[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
