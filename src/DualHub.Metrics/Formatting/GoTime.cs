using System.Globalization;

namespace DualHub.Metrics.Formatting;

/// <summary>Timestamps in Go's <c>time.RFC3339Nano</c> layout, as the Pushgateway and Alertmanager write them.</summary>
public static class GoTime
{
    /// <summary>
    /// UTC with the fraction Go prints (nanoseconds, trailing zeros dropped), e.g. <c>2024-05-01T10:00:00.25Z</c>;
    /// <paramref name="extraNanos"/> (0-99) are the nanoseconds below .NET's 100 ns tick.
    /// </summary>
    public static string FormatRfc3339Nano(DateTimeOffset value, int extraNanos = 0)
    {
        var utc = value.UtcDateTime;
        var fraction = ((utc.Ticks % TimeSpan.TicksPerSecond) * 100) + extraNanos;
        var s = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (fraction > 0)
        {
            s += "." + fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return s + "Z";
    }

    /// <summary>
    /// Reads an RFC 3339 time with up to nine fraction digits and <c>Z</c> or an offset; digits beyond the seventh (the
    /// tick) are dropped.
    /// </summary>
    public static bool TryParseRfc3339(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                s = string.Concat(s.AsSpan(0, dot + 8), s.AsSpan(end));
            }
        }

        value = default;
        return s.Length >= 20 && s[10] == 'T'
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
