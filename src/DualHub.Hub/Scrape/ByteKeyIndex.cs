namespace DualHub.Hub.Scrape;

/// <summary>
/// An open-addressing index (linear probing) of items known by their bytes, which the owner keeps: a slot holds only
/// the item number, so 100k items cost 512 KiB here instead of a dictionary's 3+ MiB, and lookups compare bytes (exact,
/// whatever the hashes do). Filled up to 80% (5 to 10 bytes an item): lookups of known items, the steady state,
/// stay short; misses and removals walk longer clusters, which only new and vanished series pay.
/// </summary>
internal sealed class ByteKeyIndex(ByteKeyIndex.BytesOf bytesOf)
{
    private int[] _slots = new int[1024]; // item + 1; 0 is empty
    private int _count;

    public delegate ReadOnlySpan<byte> BytesOf(int item);

    public int Count => _count;

    /// <summary>The item whose bytes equal <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        var mask = _slots.Length - 1;
        for (var i = Home(ScrapeSeriesCache.Hash(key), mask); ; i = (i + 1) & mask)
        {
            var v = _slots[i];
            if (v == 0)
            {
                return -1;
            }

            if (bytesOf(v - 1).SequenceEqual(key))
            {
                return v - 1;
            }
        }
    }

    /// <summary>Adds an item whose bytes are not in the index yet.</summary>
    public void Add(int item)
    {
        if ((_count + 1) * 5L > _slots.Length * 4L)
        {
            Grow();
        }

        Place(_slots, item);
        _count++;
    }

    /// <summary>Removes an item (backward-shift deletion: no tombstones).</summary>
    public void Remove(int item)
    {
        var mask = _slots.Length - 1;
        var i = Home(ScrapeSeriesCache.Hash(bytesOf(item)), mask);
        while (_slots[i] != item + 1)
        {
            if (_slots[i] == 0)
            {
                return;
            }

            i = (i + 1) & mask;
        }

        var j = i;
        while (true)
        {
            j = (j + 1) & mask;
            var v = _slots[j];
            if (v == 0)
            {
                break;
            }

            // Move v back into the hole unless its home lies cyclically in (i, j].
            var home = Home(ScrapeSeriesCache.Hash(bytesOf(v - 1)), mask);
            var stays = i <= j ? home > i && home <= j : home > i || home <= j;
            if (!stays)
            {
                _slots[i] = v;
                i = j;
            }
        }

        _slots[i] = 0;
        _count--;
    }

    public void Clear(int capacity = 0)
    {
        var size = 1024;
        while (size * 4L < capacity * 5L)
        {
            size *= 2;
        }

        if (_slots.Length == size)
        {
            Array.Clear(_slots);
        }
        else
        {
            _slots = new int[size];
        }

        _count = 0;
    }

    private static int Home(ulong hash, int mask) => (int)(hash ^ (hash >> 32)) & mask;

    private void Place(int[] slots, int item)
    {
        var mask = slots.Length - 1;
        var i = Home(ScrapeSeriesCache.Hash(bytesOf(item)), mask);
        while (slots[i] != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i] = item + 1;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new int[old.Length * 2];
        foreach (var v in old)
        {
            if (v != 0)
            {
                Place(_slots, v - 1);
            }
        }
    }
}
