using System.Globalization;

namespace DualHub.Metrics.Durations;

/// <summary>
/// The one duration parser: Prometheus and Go syntax exactly as their own parsers accept them, and bare
/// seconds as the plan's agent YAML writes them. Callers name the syntax they accept; no input throws in TryParse.
/// </summary>
public static class DurationText
{
    private const long NanosPerTick = 100;

    /// <summary>
    /// Parses <paramref name="text"/> in any of the <paramref name="syntax"/> flags; false on anything else.
    /// Values are truncated to whole ticks (100 ns). Go syntax allows a sign; the others do not.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, DurationSyntax syntax, out TimeSpan value)
    {
        long nanos = 0;
        var ok = (syntax.HasFlag(DurationSyntax.Prometheus) && PrometheusDurationSyntax.TryParse(text, out nanos))
            || (syntax.HasFlag(DurationSyntax.Go) && GoDurationSyntax.TryParse(text, out nanos))
            || (syntax.HasFlag(DurationSyntax.Seconds) && GoDurationSyntax.TryParseSeconds(text, out nanos));
        value = ok ? TimeSpan.FromTicks(nanos / NanosPerTick) : TimeSpan.Zero;
        return ok;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming <paramref name="key"/> and the bad value.</summary>
    public static TimeSpan Parse(string? text, DurationSyntax syntax, string key) =>
        TryParse(text, syntax, out var value)
            ? value
            : throw new FormatException($"{key}: '{text}' is not a duration ({Describe(syntax)})");

    /// <summary>What <paramref name="syntax"/> accepts, with examples, for error messages.</summary>
    public static string Describe(DurationSyntax syntax)
    {
        var parts = new List<string>(3);
        if (syntax.HasFlag(DurationSyntax.Seconds))
        {
            parts.Add("seconds like 30 or 0.5");
        }

        if (syntax.HasFlag(DurationSyntax.Go))
        {
            parts.Add("Go syntax like 500ms, 1.5h, 2h45m");
        }

        if (syntax.HasFlag(DurationSyntax.Prometheus))
        {
            parts.Add("Prometheus syntax like 15s, 1m30s, 1d, 0");
        }

        return string.Join(" or ", parts);
    }

    /// <summary>
    /// Formats <paramref name="value"/> in exactly one syntax, as its own tools print it: Go's <c>Duration.String()</c>
    /// (<c>1h30m0s</c>), Prometheus' (<c>1h30m</c>, whole milliseconds, not negative) or plain seconds (<c>1.5</c>).
    /// </summary>
    public static string Format(TimeSpan value, DurationSyntax syntax)
    {
        switch (syntax)
        {
            case DurationSyntax.Go:
                return GoDurationSyntax.Format((Int128)value.Ticks * NanosPerTick);
            case DurationSyntax.Prometheus:
                ArgumentOutOfRangeException.ThrowIfNegative(value.Ticks, nameof(value));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Ticks, long.MaxValue / NanosPerTick, nameof(value));
                return PrometheusDurationSyntax.Format(value.Ticks * NanosPerTick);
            case DurationSyntax.Seconds:
                ArgumentOutOfRangeException.ThrowIfNegative(value.Ticks, nameof(value));
                return ((decimal)value.Ticks / TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);
            default:
                throw new ArgumentOutOfRangeException(nameof(syntax), syntax, "format needs exactly one syntax");
        }
    }
}
