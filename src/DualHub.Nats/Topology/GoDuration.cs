using System.Globalization;

namespace DualHub.Nats.Topology;

/// <summary>Parses and formats the Go duration subset nats-server uses (500ms, 5s, 2m, 24h, 1h30m).</summary>
public static class GoDuration
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming <paramref name="key"/>.</summary>
    public static TimeSpan Parse(string? text, string key)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new FormatException($"{key}: '{text}' is not a duration (examples: 500ms, 5s, 2m, 24h)");
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        var s = text.Trim().AsSpan();
        var total = 0.0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == 0 || !double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[i..];
            var j = 0;
            while (j < s.Length && char.IsAsciiLetter(s[j]))
            {
                j++;
            }

            var factor = s[..j] switch
            {
                "ms" => 1.0,
                "s" => 1000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return false;
            }

            total += number * factor;
            s = s[j..];
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Formats as nats-server expects in a config file (whole seconds or milliseconds).</summary>
    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1000 == 0
            ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
