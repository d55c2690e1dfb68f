using System.Globalization;

namespace DualHub.Metrics.Tests.Formatting;

/// <summary>
/// Go's float formatting rules written plainly with strings, as a reference for the span formatter: .NET's "R" string is
/// the shortest that reads back as the value (the digits Go's shortest mode picks); the layout is then Go's.
/// </summary>
internal static class GoFloatOracle
{
    /// <summary><c>strconv.FormatFloat(f, fmt, -1, 64)</c> for <paramref name="fmt"/> 'g' or 'f'.</summary>
    public static string FormatFloat(double f, char fmt)
    {
        if (double.IsNaN(f))
        {
            return "NaN";
        }

        if (double.IsInfinity(f))
        {
            return f > 0 ? "+Inf" : "-Inf";
        }

        var sign = double.IsNegative(f) ? "-" : string.Empty;
        if (f == 0)
        {
            return sign + "0";
        }

        // |f| = d.ddd x 10^x, from "R" (1.5, 1E+21, 5E-324, 0.0001).
        var r = Math.Abs(f).ToString("R", CultureInfo.InvariantCulture).Split('E');
        var point = r[0].Contains('.', StringComparison.Ordinal) ? r[0].IndexOf('.', StringComparison.Ordinal) : r[0].Length;
        var all = r[0].Replace(".", string.Empty, StringComparison.Ordinal);
        var digits = all.TrimStart('0');
        var x = point - (all.Length - digits.Length) - 1 + (r.Length > 1 ? int.Parse(r[1], CultureInfo.InvariantCulture) : 0);
        digits = digits.TrimEnd('0');

        // %g with the shortest precision switches to %e when the exponent is below -4 or at least 6.
        if (fmt == 'g' && (x < -4 || x >= 6))
        {
            var fraction = digits.Length > 1 ? "." + digits[1..] : string.Empty;
            return $"{sign}{digits[0]}{fraction}e{(x < 0 ? '-' : '+')}{Math.Abs(x).ToString("00", CultureInfo.InvariantCulture)}";
        }

        if (x < 0)
        {
            return sign + "0." + new string('0', -x - 1) + digits;
        }

        return digits.Length <= x + 1
            ? sign + digits + new string('0', x + 1 - digits.Length)
            : sign + digits[..(x + 1)] + "." + digits[(x + 1)..];
    }

    /// <summary>expfmt's <c>writeFloat</c> and <c>writeOpenMetricsFloat</c>: 0 (and -0) as 0, OpenMetrics adds <c>.0</c> to integral forms.</summary>
    public static string Expfmt(double f, bool openMetrics)
    {
        if (f == 0)
        {
            return openMetrics ? "0.0" : "0";
        }

        var g = FormatFloat(f, 'g');
        var integral = double.IsFinite(f) && !g.Contains('e', StringComparison.Ordinal) && !g.Contains('.', StringComparison.Ordinal);
        return openMetrics && integral ? g + ".0" : g;
    }
}
