using System.Globalization;
using System.Text;

namespace DualHub.Metrics.Formatting;

/// <summary>
/// Go's <c>%q</c> (<c>strconv.Quote</c>, <c>strconv.QuoteRune</c>) so error messages match the Go
/// tools byte for byte: printable runes as is, invalid UTF-8 as <c>\xNN</c>.
/// </summary>
internal static class GoQuote
{
    /// <summary>Longest input quoted in full; longer input is cut there and marked with <c>...</c> so errors stay short.</summary>
    public const int MaxQuoted = 256;

    /// <summary>Quotes UTF-8 bytes as Go's <c>strconv.Quote</c> does (cut after <see cref="MaxQuoted"/> bytes).</summary>
    public static string Quote(ReadOnlySpan<byte> utf8)
    {
        var cut = utf8.Length > MaxQuoted;
        utf8 = cut ? utf8[..MaxQuoted] : utf8;
        var sb = new StringBuilder(utf8.Length + 5);
        sb.Append('"');
        while (!utf8.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(utf8, out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{utf8[0]:x2}");
                utf8 = utf8[1..];
                continue;
            }

            AppendRune(sb, rune, '"');
            utf8 = utf8[consumed..];
        }

        sb.Append('"');
        return cut ? sb.Append("...").ToString() : sb.ToString();
    }

    /// <summary>Quotes a string as Go's <c>strconv.Quote</c> does (cut after <see cref="MaxQuoted"/> chars).</summary>
    public static string Quote(string value)
    {
        var cut = value.Length > MaxQuoted;
        var sb = new StringBuilder(Math.Min(value.Length, MaxQuoted) + 5);
        sb.Append('"');
        foreach (var rune in (cut ? value[..MaxQuoted] : value).EnumerateRunes())
        {
            AppendRune(sb, rune, '"');
        }

        sb.Append('"');
        return cut ? sb.Append("...").ToString() : sb.ToString();
    }

    /// <summary>Go's <c>%q</c> of a single byte (a rune literal such as <c>'x'</c>).</summary>
    public static string QuoteByte(byte b)
    {
        var sb = new StringBuilder(8);
        sb.Append('\'');
        AppendRune(sb, new Rune(b), '\'');
        sb.Append('\'');
        return sb.ToString();
    }

    private static void AppendRune(StringBuilder sb, Rune rune, char quote)
    {
        var v = rune.Value;
        if (v == quote || v == '\\')
        {
            sb.Append('\\').Append((char)v);
            return;
        }

        if (IsPrint(rune))
        {
            sb.Append(rune.ToString());
            return;
        }

        switch (v)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (v < ' ' || v == 0x7f)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\x{v:x2}");
        }
        else if (v < 0x10000)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{v:x4}");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\U{v:x8}");
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and ASCII space.
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value < 0x80)
        {
            return rune.Value >= 0x20 && rune.Value < 0x7f;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
    }
}
