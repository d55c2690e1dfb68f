namespace DualHub.Metrics.Durations;

/// <summary>Go's <c>time.ParseDuration</c> and <c>Duration.String</c>, in nanoseconds.</summary>
internal static class GoDurationSyntax
{
    private const ulong Magnitude = 1UL << 63;
    private const ulong Second = 1_000_000_000;

    /// <summary>Parses <paramref name="s"/> as Go does; false where Go returns an error.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out long nanos)
    {
        nanos = 0;
        var negative = false;
        if (!s.IsEmpty && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        while (!s.IsEmpty)
        {
            if (!TryParseNumber(ref s, out var whole, out var fraction, out var scale))
            {
                return false;
            }

            var i = 0;
            while (i < s.Length && s[i] != '.' && !char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var unit = Unit(s[..i]);
            s = s[i..];
            if (unit == 0 || !TryScale(whole, fraction, scale, unit, out var v))
            {
                return false;
            }

            total += v;
            if (total > Magnitude)
            {
                return false;
            }
        }

        if (negative)
        {
            nanos = unchecked((long)(0 - total));
            return true;
        }

        if (total > Magnitude - 1)
        {
            return false;
        }

        nanos = (long)total;
        return true;
    }

    /// <summary>A bare number (<c>1.5</c>, <c>.5</c>, <c>30</c>) taken as seconds.</summary>
    public static bool TryParseSeconds(ReadOnlySpan<char> s, out long nanos)
    {
        nanos = 0;
        if (s.IsEmpty || !TryParseNumber(ref s, out var whole, out var fraction, out var scale) || !s.IsEmpty
            || !TryScale(whole, fraction, scale, Second, out var v) || v > Magnitude - 1)
        {
            return false;
        }

        nanos = (long)v;
        return true;
    }

    /// <summary>Go's <c>Duration.String()</c>: <c>1h2m3.5s</c>, <c>1.5ms</c>, <c>250µs</c>, <c>0s</c>.</summary>
    public static string Format(Int128 nanos)
    {
        Span<char> buf = stackalloc char[64];
        var w = buf.Length;
        var u = (UInt128)(nanos < 0 ? -nanos : nanos);
        if (u < Second)
        {
            int prec;
            buf[--w] = 's';
            if (u == 0)
            {
                buf[--w] = '0';
                return new string(buf[w..]);
            }

            if (u < 1_000)
            {
                prec = 0;
                buf[--w] = 'n';
            }
            else if (u < 1_000_000)
            {
                prec = 3;
                buf[--w] = 'µ';
            }
            else
            {
                prec = 6;
                buf[--w] = 'm';
            }

            u = WriteFraction(buf, ref w, u, prec);
            WriteInt(buf, ref w, u);
        }
        else
        {
            buf[--w] = 's';
            u = WriteFraction(buf, ref w, u, 9);
            WriteInt(buf, ref w, u % 60);
            u /= 60;
            if (u > 0)
            {
                buf[--w] = 'm';
                WriteInt(buf, ref w, u % 60);
                u /= 60;
                if (u > 0)
                {
                    buf[--w] = 'h';
                    WriteInt(buf, ref w, u);
                }
            }
        }

        if (nanos < 0)
        {
            buf[--w] = '-';
        }

        return new string(buf[w..]);
    }

    // [0-9]*(\.[0-9]*)? with at least one digit; Go's leadingInt and leadingFraction.
    private static bool TryParseNumber(ref ReadOnlySpan<char> s, out ulong whole, out ulong fraction, out double scale)
    {
        whole = 0;
        fraction = 0;
        scale = 1;
        var i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            if (whole > Magnitude / 10)
            {
                return false;
            }

            whole = (whole * 10) + (ulong)(s[i] - '0');
            if (whole > Magnitude)
            {
                return false;
            }

            i++;
        }

        var pre = i > 0;
        var post = false;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var overflow = false;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                post = true;
                if (!overflow)
                {
                    var y = (fraction * 10) + (ulong)(s[i] - '0');
                    if (fraction > (Magnitude - 1) / 10 || y > Magnitude)
                    {
                        // Digits beyond what fits are ignored, as in Go.
                        overflow = true;
                    }
                    else
                    {
                        fraction = y;
                        scale *= 10;
                    }
                }

                i++;
            }
        }

        s = s[i..];
        return pre || post;
    }

    private static bool TryScale(ulong whole, ulong fraction, double scale, ulong unit, out ulong v)
    {
        v = 0;
        if (whole > Magnitude / unit)
        {
            return false;
        }

        v = whole * unit;
        if (fraction > 0)
        {
            // Double is exact enough here: at most 3.6e12 ns per hour, as in Go.
            v += (ulong)(fraction * (unit / scale));
            if (v > Magnitude)
            {
                return false;
            }
        }

        return true;
    }

    private static ulong Unit(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "µs" or "μs" => 1_000,
        "ms" => 1_000_000,
        "s" => Second,
        "m" => 60 * Second,
        "h" => 3600 * Second,
        _ => 0,
    };

    // Go's fmtFrac: ".123" without trailing zeros, nothing when the fraction is zero.
    private static UInt128 WriteFraction(Span<char> buf, ref int w, UInt128 v, int prec)
    {
        var print = false;
        for (var i = 0; i < prec; i++)
        {
            var digit = (int)(v % 10);
            print = print || digit != 0;
            if (print)
            {
                buf[--w] = (char)('0' + digit);
            }

            v /= 10;
        }

        if (print)
        {
            buf[--w] = '.';
        }

        return v;
    }

    private static void WriteInt(Span<char> buf, ref int w, UInt128 v)
    {
        if (v == 0)
        {
            buf[--w] = '0';
            return;
        }

        while (v > 0)
        {
            buf[--w] = (char)('0' + (int)(v % 10));
            v /= 10;
        }
    }
}
