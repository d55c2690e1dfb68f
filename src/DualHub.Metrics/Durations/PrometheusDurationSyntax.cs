namespace DualHub.Metrics.Durations;

/// <summary>Prometheus <c>model.ParseDuration</c> and <c>Duration.String</c>, in nanoseconds.</summary>
internal static class PrometheusDurationSyntax
{
    private const ulong Ms = 1_000_000;
    private const ulong MaxNanos = long.MaxValue;

    // Largest first; a unit may only follow a larger one.
    private static readonly (string Unit, ulong Nanos)[] s_units =
    [
        ("y", 365UL * 24 * 3600 * 1000 * Ms),
        ("w", 7UL * 24 * 3600 * 1000 * Ms),
        ("d", 24UL * 3600 * 1000 * Ms),
        ("h", 3600UL * 1000 * Ms),
        ("m", 60UL * 1000 * Ms),
        ("s", 1000UL * Ms),
        ("ms", Ms),
    ];

    /// <summary>Parses <paramref name="s"/> as Prometheus does; false where it returns an error.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out long nanos)
    {
        nanos = 0;
        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        var next = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            ulong v = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (v > (ulong.MaxValue - 9) / 10)
                {
                    return false;
                }

                v = (v * 10) + (ulong)(s[i] - '0');
                i++;
            }

            var j = i;
            while (j < s.Length && !char.IsAsciiDigit(s[j]))
            {
                j++;
            }

            if (i == 0 || j == i)
            {
                return false;
            }

            var index = IndexOf(s[i..j], next);
            if (index < 0)
            {
                return false;
            }

            var unit = s_units[index].Nanos;
            if (v > (1UL << 63) / unit)
            {
                return false;
            }

            total += v * unit;
            if (total > MaxNanos)
            {
                return false;
            }

            next = index + 1;
            s = s[j..];
        }

        nanos = (long)total;
        return true;
    }

    /// <summary>Prometheus' <c>Duration.String()</c>: whole milliseconds, <c>1d2h30m</c>, <c>0s</c>.</summary>
    public static string Format(long nanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nanos);
        var rest = (ulong)nanos / Ms * Ms;
        if (rest == 0)
        {
            return "0s";
        }

        Span<char> buf = stackalloc char[64];
        var w = 0;
        foreach (var (unit, size) in s_units)
        {
            var v = rest / size;
            if (v > 0)
            {
                v.TryFormat(buf[w..], out var n, default, System.Globalization.CultureInfo.InvariantCulture);
                w += n;
                unit.AsSpan().CopyTo(buf[w..]);
                w += unit.Length;
                rest -= v * size;
            }
        }

        return new string(buf[..w]);
    }

    private static int IndexOf(ReadOnlySpan<char> unit, int from)
    {
        for (var k = 0; k < s_units.Length; k++)
        {
            if (unit.SequenceEqual(s_units[k].Unit))
            {
                // Known unit out of order or repeated: invalid.
                return k >= from ? k : -1;
            }
        }

        return -1;
    }
}
