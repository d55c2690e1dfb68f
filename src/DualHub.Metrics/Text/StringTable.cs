using System.Buffers;
using System.Text;

namespace DualHub.Metrics.Text;

/// <summary>
/// Per-parse string interning: metric names, label names and short label values repeat on
/// nearly every line, so each distinct one becomes a string once.
/// </summary>
internal sealed class StringTable
{
    private const int MaxInternedChars = 128;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Slot[] _slots = new Slot[SlotCount];
    private char[] _chars = new char[256];

    public StringTable()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private const int SlotCount = 32;
    private const int ValueSlots = SlotCount / 2;

    /// <summary>The name of the <paramref name="index"/>-th label of a line, cached per position.</summary>
    public string GetLabelName(ReadOnlySpan<byte> utf8, int index) => Get(utf8, index < ValueSlots ? index : -1);

    /// <summary>The value of the <paramref name="index"/>-th label of a line, cached per position.</summary>
    public string GetLabelValue(ReadOnlySpan<byte> utf8, int index) => Get(utf8, index < ValueSlots ? ValueSlots + index : -1);

    /// <summary>
    /// As <see cref="Get(ReadOnlySpan{byte})"/>, first trying what was returned last for the same
    /// <paramref name="slot"/> (e.g. "label 2 of the line"): lines of a family repeat names and many
    /// values in the same places, and a byte comparison is cheaper than hashing.
    /// </summary>
    private string Get(ReadOnlySpan<byte> utf8, int slot)
    {
        if ((uint)slot >= SlotCount)
        {
            return Get(utf8);
        }

        ref var cached = ref _slots[slot];
        if (cached.Value is not null && utf8.SequenceEqual(cached.Bytes.AsSpan(0, cached.Length)))
        {
            return cached.Value;
        }

        var value = Get(utf8);
        if (utf8.Length <= MaxInternedChars)
        {
            if (cached.Bytes is null || cached.Bytes.Length < utf8.Length)
            {
                cached.Bytes = new byte[Math.Max(32, utf8.Length)];
            }

            utf8.CopyTo(cached.Bytes);
            cached.Length = utf8.Length;
            cached.Value = value;
        }

        return value;
    }

    /// <summary>Decodes UTF-8 (invalid sequences become U+FFFD) and returns the shared instance.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxInternedChars)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var chars = Decode(utf8);
        if (_lookup.TryGetValue(chars, out var s))
        {
            return s;
        }

        s = chars.ToString();
        _strings[s] = s;
        return s;
    }

    /// <summary>Decodes into a scratch buffer valid until the next call.</summary>
    public ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8)
    {
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[Math.Max(utf8.Length, _chars.Length * 2)];
        }

        var n = Ascii.ToUtf16(utf8, _chars, out var written) == OperationStatus.Done
            ? written
            : Encoding.UTF8.GetChars(utf8, _chars);
        return _chars.AsSpan(0, n);
    }

    private struct Slot
    {
        public byte[] Bytes;
        public int Length;
        public string? Value;
    }
}
