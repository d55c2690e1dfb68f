using System.Globalization;
using System.Text;

namespace DualHub.Metrics.Formatting;

/// <summary>
/// Float parsing and formatting with Go's rules, so values read and written here match what
/// Prometheus' Go tools (expfmt, Pushgateway) read and write.
/// </summary>
public static class GoFloat
{
    /// <summary>Most bytes <see cref="Format"/> and <see cref="FormatG(double, Span{byte})"/> write.</summary>
    public const int MaxFormattedLength = 32;

    /// <summary>Most bytes <see cref="FormatF(double, Span{byte})"/> writes (<c>-0.</c>, 323 zeros and the digits of the smallest values).</summary>
    public const int MaxFixedLength = 344;

    private enum Layout
    {
        Shortest,
        OpenMetrics,
        Fixed,
    }

    /// <summary>
    /// expfmt's <c>parseFloat</c>: Go's <c>strconv.ParseFloat(s, 64)</c> with <c>p</c>, <c>P</c>
    /// and <c>_</c> refused. Out-of-range values (overflow) fail, as they do in Go.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> s, out double value)
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
    internal static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
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
    /// <param name="f">The value.</param>
    /// <param name="dest">At least <see cref="MaxFormattedLength"/> bytes.</param>
    /// <param name="openMetrics">Whether to write OpenMetrics' form (<c>1.0</c>) rather than text 0.0.4's (<c>1</c>).</param>
    /// <returns>The number of bytes written.</returns>
    public static int Format(double f, Span<byte> dest, bool openMetrics = false)
    {
        // -0 is written as 0 here, unlike strconv.
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

        return Write(f, dest, openMetrics ? Layout.OpenMetrics : Layout.Shortest);
    }

    /// <summary>
    /// Go's <c>strconv.FormatFloat(f, 'g', -1, 64)</c> (also <c>fmt.Sprint</c>): the shortest digits that read back as
    /// <paramref name="f"/>, in exponent form when the exponent is below -4 or at least 6 (<c>1e+06</c>,
    /// <c>1e-05</c>, <c>0.0001</c>, <c>123456</c>); <c>-0</c>, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>.
    /// </summary>
    /// <param name="f">The value.</param>
    /// <param name="dest">At least <see cref="MaxFormattedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int FormatG(double f, Span<byte> dest) => Write(f, dest, Layout.Shortest);

    /// <summary>
    /// Go's <c>strconv.FormatFloat(f, 'f', -1, 64)</c> (Prometheus' JSON sample values): the shortest digits, never an
    /// exponent (<c>1000000</c>, <c>0.00001</c>).
    /// </summary>
    /// <param name="f">The value.</param>
    /// <param name="dest">At least <see cref="MaxFixedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int FormatF(double f, Span<byte> dest) => Write(f, dest, Layout.Fixed);

    /// <summary><see cref="FormatG(double, Span{byte})"/> as a string (for a label value or a JSON key).</summary>
    /// <param name="f">The value.</param>
    /// <returns>The formatted value.</returns>
    public static string FormatG(double f)
    {
        Span<byte> buffer = stackalloc byte[MaxFormattedLength];
        return Encoding.ASCII.GetString(buffer[..FormatG(f, buffer)]);
    }

    /// <summary><see cref="FormatF(double, Span{byte})"/> as a string.</summary>
    /// <param name="f">The value.</param>
    /// <returns>The formatted value.</returns>
    public static string FormatF(double f)
    {
        Span<byte> buffer = stackalloc byte[MaxFixedLength];
        return Encoding.ASCII.GetString(buffer[..FormatF(f, buffer)]);
    }

    /// <summary>
    /// Go's <c>uint64(f)</c> on amd64, as a double: the text parser stores summary and histogram
    /// counts as uint64, so <c>x_count 1.5</c> reads back as 1, NaN and infinities as 2^63.
    /// </summary>
    internal static double ToGoUInt64(double f)
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

    private static int Write(double f, Span<byte> dest, Layout layout)
    {
        if (double.IsNaN(f))
        {
            return Copy("NaN"u8, dest);
        }

        if (double.IsInfinity(f))
        {
            return Copy(f > 0 ? "+Inf"u8 : "-Inf"u8, dest);
        }

        if (f == 0)
        {
            return Copy(double.IsNegative(f) ? "-0"u8 : "0"u8, dest);
        }

        // Integers below 1e6 print as plain digits in every layout (and get ".0" in OpenMetrics).
        if (Math.Abs(f) < 1e6 && Math.Floor(f) == f)
        {
            ((long)f).TryFormat(dest, out var written, default, CultureInfo.InvariantCulture);
            return layout == Layout.OpenMetrics ? PointZero(dest, written) : written;
        }

        Span<byte> digits = stackalloc byte[32];
        var d = ShortestDigits(f, digits, out var dp);
        var nd = d.Length;
        var w = 0;
        if (f < 0)
        {
            dest[w++] = (byte)'-';
        }

        // Go's shortest %g uses precision 6 to choose the exponent form.
        var exp = dp - 1;
        if (layout != Layout.Fixed && (exp < -4 || exp >= 6))
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
            }

            e.TryFormat(dest[w..], out var expDigits, default, CultureInfo.InvariantCulture);
            return w + expDigits;
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
        if (frac == 0)
        {
            return layout == Layout.OpenMetrics ? PointZero(dest, w) : w;
        }

        dest[w++] = (byte)'.';
        for (var i = 0; i < frac; i++)
        {
            var idx = dp + i;
            dest[w++] = idx >= 0 && idx < nd ? d[idx] : (byte)'0';
        }

        return w;
    }

    /// <summary>
    /// The shortest decimal digits that read back as |<paramref name="f"/>| (.NET's "R" finds the same ones as Go's
    /// shortest mode; only the layout differs), without leading or trailing zeros: |f| = 0.d1d2...dn x 10^dp.
    /// </summary>
    private static Span<byte> ShortestDigits(double f, Span<byte> digits, out int dp)
    {
        Span<byte> raw = stackalloc byte[40];
        Math.Abs(f).TryFormat(raw, out var rawLength, "R", CultureInfo.InvariantCulture);
        raw = raw[..rawLength];
        var nd = 0;
        var intDigits = -1;
        var exp10 = 0;
        for (var k = 0; k < raw.Length; k++)
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

        dp = (intDigits < 0 ? nd : intDigits) + exp10;
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

        return digits[first..last];
    }

    private static int PointZero(Span<byte> dest, int written)
    {
        dest[written] = (byte)'.';
        dest[written + 1] = (byte)'0';
        return written + 2;
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
