using System.Globalization;

namespace DualHub.Hub.Scrape;

/// <summary>
/// Formats <c>le</c>/<c>quantile</c> values as Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> does (what client
/// libraries expose, so the label text matches a direct Prometheus scrape): shortest digits, exponent form when the
/// exponent is below -4 or at least 6 (Go uses precision 6 for that decision in the shortest form).
/// </summary>
internal static class GoFloatLabel
{
    public static string Format(double v) => Exposition.GoFloat.Format(v);

    /// <summary>Go's <c>strconv.FormatFloat(v, 'f', -1, 64)</c> (Prometheus' JSON sample values): never an exponent.</summary>
    public static string FormatFixed(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "+Inf" : "-Inf";
        }

        if (v == 0)
        {
            return double.IsNegative(v) ? "-0" : "0";
        }

        var (digits, dp) = Digits(v);
        return Plain(v < 0 ? "-" : string.Empty, digits, dp);
    }

    private static string Plain(string sign, string digits, int dp)
    {
        if (dp <= 0)
        {
            return sign + "0." + new string('0', -dp) + digits;
        }

        if (dp >= digits.Length)
        {
            return sign + digits + new string('0', dp - digits.Length);
        }

        return sign + digits[..dp] + "." + digits[dp..];
    }

    /// <summary>Shortest round-trip decimal digits of |v| and the decimal point position (value = 0.digits x 10^dp).</summary>
    private static (string Digits, int Dp) Digits(double v)
    {
        var r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? r : r[..e];
        var exp10 = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var frac = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var digits = (intPart + frac).TrimStart('0');
        var leadingZeros = (intPart + frac).Length - digits.Length;
        var dp = intPart.Length - leadingZeros + exp10;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }


        return (digits, dp);
    }
}
