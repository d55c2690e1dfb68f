namespace DualHub.Hub.Scrape;

/// <summary>
/// Distinct byte strings numbered in the order first added (the metric names of a target's raw series texts), so a
/// cache entry holds a small number instead of its name. Holds at most <see cref="MaxNames"/> names of at most
/// <see cref="MaxNameBytes"/> (4 MiB at most, whatever a target sends); names are forgotten only all at once (the
/// cache makes a new table when it compacts).
/// </summary>
internal sealed class NameTable
{
    public const int MaxNames = 1 << 14;

    public const int MaxNameBytes = 256;

    private readonly ByteKeyIndex _index;
    private byte[] _bytes = new byte[1024];
    private int[] _ends = new int[64];
    private int _count;

    public NameTable()
    {
        _index = new ByteKeyIndex(Name);
    }

    public int Count => _count;

    public ReadOnlySpan<byte> Name(int id)
    {
        var start = id == 0 ? 0 : _ends[id - 1];
        return _bytes.AsSpan(start, _ends[id] - start);
    }

    /// <summary>The number of <paramref name="name"/>, added when new; -1 when the table is full or the name too long.</summary>
    public int FindOrAdd(ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxNameBytes)
        {
            return -1;
        }

        var id = _index.Find(name);
        if (id >= 0 || _count == MaxNames)
        {
            return id;
        }

        var start = _count == 0 ? 0 : _ends[_count - 1];
        if (start + name.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, start + name.Length));
        }

        if (_count == _ends.Length)
        {
            Array.Resize(ref _ends, _count * 2);
        }

        name.CopyTo(_bytes.AsSpan(start));
        _ends[_count] = start + name.Length;
        _index.Add(_count);
        return _count++;
    }
}
