using System.Globalization;
using System.Text;
using CsCheck;
using DualHub.Hub.Scrape;
using NewGoFloat = DualHub.Metrics.Formatting.GoFloat;

namespace DualHub.Hub.Tests.Exposition;

public class GoFloatParityTests
{
    private static readonly Gen<double> s_value = Gen.Frequency(
        (6, Gen.Double),
        (2, Gen.Long[-10_000_000, 10_000_000].Select(static l => (double)l)),
        (2, Gen.Select(Gen.Long[-100_000_000, 100_000_000], Gen.Int[-30, 30]).Select(static (m, e) => m * Math.Pow(10, e))),
        (1, Gen.ULong.Select(static b => BitConverter.UInt64BitsToDouble(b))),
        (1, Gen.ULong[0, 1UL << 52].Select(static b => BitConverter.UInt64BitsToDouble(b))),
        (1, Gen.OneOfConst(0.0, -0.0, 1, -1, 1e6, 1e21, 5e-324, double.MaxValue, double.MinValue, double.Epsilon, 2.2250738585072014e-308, 0.0001, 0.00001, double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    [Fact]
    public void New_formatter_writes_what_the_three_old_ones_wrote()
    {
        s_value.Sample(v =>
        {
            Span<byte> a = stackalloc byte[64];
            Span<byte> b = stackalloc byte[64];
            Assert.Equal(Encoding.ASCII.GetString(a[..Old.Format(v, a)]), Encoding.ASCII.GetString(b[..NewGoFloat.Format(v, b)]));
            Assert.Equal(Encoding.ASCII.GetString(a[..Old.Format(v, a, true)]), Encoding.ASCII.GetString(b[..NewGoFloat.Format(v, b, true)]));
            Assert.Equal(DualHub.Hub.Exposition.GoFloat.Format(v), NewGoFloat.FormatG(v));
            Assert.Equal(GoFloatLabel.Format(v), NewGoFloat.FormatG(v));
            Assert.Equal(GoFloatLabel.FormatFixed(v), NewGoFloat.FormatF(v));
            Span<byte> f = stackalloc byte[NewGoFloat.MaxFixedLength];
            Assert.Equal(GoFloatLabel.FormatFixed(v), Encoding.ASCII.GetString(f[..NewGoFloat.FormatF(v, f)]));
        }, iter: 1_000_000);
    }

    private static class Old
    {
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

        private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

        private static int Copy(ReadOnlySpan<byte> s, Span<byte> dest)
        {
            s.CopyTo(dest);
            return s.Length;
        }
    }
}
