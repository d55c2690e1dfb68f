using System.Globalization;

namespace DualHub.Client.Options;

/// <summary>Durations as in the plan's YAML: a number of seconds (fractions allowed) or a number with a unit (ms, s, m, h).</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; false when it is not a non-negative finite duration.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        double scale = 1;
        if (s.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            scale = 0.001;
            s = s[..^2];
        }
        else if (s.EndsWith('s') || s.EndsWith('S'))
        {
            s = s[..^1];
        }
        else if (s.EndsWith('m') || s.EndsWith('M'))
        {
            scale = 60;
            s = s[..^1];
        }
        else if (s.EndsWith('h') || s.EndsWith('H'))
        {
            scale = 3600;
            s = s[..^1];
        }

        if (!double.TryParse(s.TrimEnd(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n))
        {
            return false;
        }

        var seconds = n * scale;
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
