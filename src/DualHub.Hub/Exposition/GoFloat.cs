using System.Globalization;
using System.Text;

namespace DualHub.Hub.Exposition;

/// <summary>Go's <c>strconv.FormatFloat(v, 'g', -1, 64)</c> (also <c>fmt.Sprint</c>): shortest digits, exponent form when the exponent is exponent form when exp &lt; -4 or &gt;= 21... no: &gt;= 6 for shortest.lt; -4 or exponent form when exp &lt; -4 or &gt;= 21... no: &gt;= 6 for shortest.gt;= 6.</summary>
public static class GoFloat
{
    public static string Format(double v)
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

        var r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var exp10 = 0;
        var mant = r;
        if (e >= 0)
        {
            exp10 = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mant = r[..e];
        }

        var dot = mant.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mant : mant[..dot];
        var digits = intPart + (dot < 0 ? string.Empty : mant[(dot + 1)..]);
        var dp = intPart.Length + exp10;
        var lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            dp--;
        }

        digits = digits[lead..].TrimEnd('0');
        var sb = new StringBuilder(24);
        if (v < 0)
        {
            sb.Append('-');
        }

        var exp = dp - 1;
        if (exp < -4 || exp >= 6)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits.AsSpan(1));
            }

            sb.Append('e').Append(exp < 0 ? '-' : '+');
            var a = Math.Abs(exp);
            if (a < 10)
            {
                sb.Append('0');
            }

            sb.Append(a.ToString(CultureInfo.InvariantCulture));
        }
        else if (dp <= 0)
        {
            sb.Append("0.").Append('0', -dp).Append(digits);
        }
        else if (dp >= digits.Length)
        {
            sb.Append(digits).Append('0', dp - digits.Length);
        }
        else
        {
            sb.Append(digits.AsSpan(0, dp)).Append('.').Append(digits.AsSpan(dp));
        }

        return sb.ToString();
    }
}
