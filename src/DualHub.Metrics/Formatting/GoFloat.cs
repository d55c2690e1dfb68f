using System.Globalization;
using System.Text;

namespace DualHub.Metrics.Formatting;

/// <summary>
/// Float parsing and formatting with Go's rules, so values read and written here match what
/// Prometheus' Go tools (expfmt, Pushgateway) read and write.
/// </summary>
internal static class GoFloat
{
    /// <summary>Most bytes <see cref="Format"/> writes.</summary>
    public const int MaxFormattedLength = 32;

    /// <summary>
    /// expfmt's <c>parseFloat</c>: Go's <c>strconv.ParseFloat(s, 64)</c> with <c>p</c>, <c>P</c>
    /// and <c>_</c> refused. Out-of-range values (overflow) fail, as they do in Go.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        if (TryParseSimple(s, out value))
        {
            return true;
        }

        if (TryParseSpecial(s, out value))
        {
            return true;
        }

        // [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
        var i = 0;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            i++;
        }

        var mantissaDigits = 0;
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        // Go reports overflow as an error (ErrRange); .NET rounds to infinity.
        return !double.IsInfinity(value);
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        var start = s[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        if (start == s.Length)
        {
            return false;
        }

        for (var i = start; i < s.Length; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }
        }

        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// expfmt's <c>writeFloat</c>: <c>1</c>, <c>0</c>, <c>-1</c>, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>,
    /// otherwise Go's <c>strconv.AppendFloat(f, 'g', -1, 64)</c> (<c>1.5</c>, <c>1e+06</c>, <c>1.234e-05</c>).
    /// With <paramref name="openMetrics"/>, integers get <c>.0</c> as expfmt's OpenMetrics writer does.
    /// </summary>
    public static int Format(double f, Span<byte> dest, bool openMetrics = false)
    {
        if (f == 0)
        {
            return Copy(openMetrics ? "0.0"u8 : "0"u8, dest);
        }

        if (f == 1)
        {
            return Copy(openMetrics ? "1.0"u8 : "1"u8, dest);
        }

        if (f == -1)
        {
            return Copy(openMetrics ? "-1.0"u8 : "-1"u8, dest);
        }

        if (double.IsNaN(f))
        {
            return Copy("NaN"u8, dest);
        }

        if (double.IsPositiveInfinity(f))
        {
            return Copy("+Inf"u8, dest);
        }

        if (double.IsNegativeInfinity(f))
        {
            return Copy("-Inf"u8, dest);
        }

        // Integers below 1e6 print as plain digits in Go's %g (and get ".0" in OpenMetrics).
        if (Math.Abs(f) < 1e6 && Math.Floor(f) == f)
        {
            ((long)f).TryFormat(dest, out var written, default, CultureInfo.InvariantCulture);
            if (openMetrics)
            {
                dest[written++] = (byte)'.';
                dest[written++] = (byte)'0';
            }

            return written;
        }

        // .NET "R" gives the shortest round-trip digits, as Go's shortest mode does; only the layout differs.
        Span<byte> raw = stackalloc byte[40];
        f.TryFormat(raw, out var rawLength, "R", CultureInfo.InvariantCulture);
        raw = raw[..rawLength];

        Span<byte> digits = stackalloc byte[32];
        var nd = 0;
        var intDigits = -1;
        var exp10 = 0;
        var neg = false;
        var k = 0;
        if (raw[0] == '-')
        {
            neg = true;
            k = 1;
        }

        for (; k < raw.Length; k++)
        {
            var c = raw[k];
            if (IsDigit(c))
            {
                digits[nd++] = c;
            }
            else if (c == '.')
            {
                intDigits = nd;
            }
            else if (c is (byte)'E' or (byte)'e')
            {
                exp10 = int.Parse(raw[(k + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
        }

        if (intDigits < 0)
        {
            intDigits = nd;
        }

        // Normalise to 0.d1d2...dn x 10^dp without leading or trailing zeros.
        var dp = intDigits + exp10;
        var first = 0;
        while (first < nd - 1 && digits[first] == '0')
        {
            first++;
            dp--;
        }

        var last = nd;
        while (last > first + 1 && digits[last - 1] == '0')
        {
            last--;
        }

        var d = digits[first..last];
        nd = d.Length;

        var w = 0;
        if (neg)
        {
            dest[w++] = (byte)'-';
        }

        var exp = dp - 1;
        if (exp < -4 || exp >= 6)
        {
            // %e: d[.ddd]e±XX
            dest[w++] = d[0];
            if (nd > 1)
            {
                dest[w++] = (byte)'.';
                d[1..].CopyTo(dest[w..]);
                w += nd - 1;
            }

            dest[w++] = (byte)'e';
            dest[w++] = exp < 0 ? (byte)'-' : (byte)'+';
            var e = Math.Abs(exp);
            if (e < 10)
            {
                dest[w++] = (byte)'0';
                dest[w++] = (byte)('0' + e);
            }
            else if (e < 100)
            {
                dest[w++] = (byte)('0' + (e / 10));
                dest[w++] = (byte)('0' + (e % 10));
            }
            else
            {
                dest[w++] = (byte)('0' + (e / 100));
                dest[w++] = (byte)('0' + (e / 10 % 10));
                dest[w++] = (byte)('0' + (e % 10));
            }

            return w;
        }

        // %f
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++)
            {
                dest[w++] = i < nd ? d[i] : (byte)'0';
            }
        }
        else
        {
            dest[w++] = (byte)'0';
        }

        var frac = Math.Max(nd - dp, 0);
        if (frac > 0)
        {
            dest[w++] = (byte)'.';
            for (var i = 0; i < frac; i++)
            {
                var idx = dp + i;
                dest[w++] = idx >= 0 && idx < nd ? d[idx] : (byte)'0';
            }
        }

        if (openMetrics && frac == 0)
        {
            dest[w++] = (byte)'.';
            dest[w++] = (byte)'0';
        }

        return w;
    }

    /// <summary>
    /// Go's <c>uint64(f)</c> on amd64, as a double: the text parser stores summary and histogram
    /// counts as uint64, so <c>x_count 1.5</c> reads back as 1, NaN and infinities as 2^63.
    /// </summary>
    public static double ToGoUInt64(double f)
    {
        const double twoPow63 = 9223372036854775808.0;
        ulong u;
        if (f < twoPow63)
        {
            // CVTTSD2SQ: truncation, 0x8000000000000000 when out of range.
            u = f >= -twoPow63 ? unchecked((ulong)(long)f) : 0x8000000000000000UL;
        }
        else
        {
            var shifted = f - twoPow63;
            var part = shifted < twoPow63 ? unchecked((ulong)(long)shifted) : 0x8000000000000000UL;
            u = part | 0x8000000000000000UL;
        }

        return u;
    }

    private static readonly double[] s_powersOf10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    // Clinger's fast path: up to 15 significant digits and no exponent. The mantissa and the power of
    // ten are exact doubles, so one IEEE division gives the correctly rounded value.
    private static bool TryParseSimple(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if ((uint)(c - '0') <= 9)
            {
                mantissa = (mantissa * 10) + (uint)(c - '0');
                if (++digits > 15)
                {
                    return false;
                }

                if (fraction >= 0)
                {
                    fraction++;
                }
            }
            else if (c == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        value = fraction > 0 ? mantissa / s_powersOf10[fraction] : mantissa;
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var sign = 1.0;
        var body = s;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            sign = s[0] == '-' ? -1 : 1;
            body = s[1..];
            return IsInf(body) && Set(sign * double.PositiveInfinity, out value);
        }

        if (IsInf(body))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (body.Length == 3 && Ascii.EqualsIgnoreCase(body, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        return false;
    }

    private static bool IsInf(ReadOnlySpan<byte> s) =>
        (s.Length == 3 && Ascii.EqualsIgnoreCase(s, "inf"u8)) || (s.Length == 8 && Ascii.EqualsIgnoreCase(s, "infinity"u8));

    private static bool Set(double v, out double value)
    {
        value = v;
        return true;
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    private static int Copy(ReadOnlySpan<byte> s, Span<byte> dest)
    {
        s.CopyTo(dest);
        return s.Length;
    }
}
