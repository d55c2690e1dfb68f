using System.Globalization;
using DualHub.Metrics.Durations;

namespace DualHub.Hub.Query;

/// <summary>Prometheus' query API parameter syntax: times as Unix seconds or RFC 3339, durations as PromQL or seconds.</summary>
internal static class ApiParameters
{
    /// <summary>Milliseconds since the epoch, or null when absent; throws <see cref="SelectorParseException"/> with Prometheus' wording.</summary>
    public static long? ParseTime(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return (long)Math.Round(seconds * 1000);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t.ToUnixTimeMilliseconds();
        }

        throw new SelectorParseException($"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid timestamp");
    }

    /// <summary>A PromQL duration (<c>5m</c>) or seconds (<c>1.5</c>); throws <see cref="SelectorParseException"/> with Prometheus' wording.</summary>
    public static TimeSpan ParseDuration(string text, string name)
    {
        if (DurationText.TryParse(text, DurationSyntax.Prometheus, out var d))
        {
            return d;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < 1e9)
        {
            return TimeSpan.FromSeconds(s);
        }

        throw new SelectorParseException($"invalid parameter \"{name}\": cannot parse \"{text}\" to a valid duration");
    }
}
