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
    private char[] _chars = new char[256];

    public StringTable()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
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
}
