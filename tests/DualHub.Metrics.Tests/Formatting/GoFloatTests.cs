using System.Text;
using CsCheck;
using DualHub.Metrics.Formatting;

namespace DualHub.Metrics.Tests.Formatting;

/// <summary>The one Go float formatter against a plain reading of Go's rules, over random doubles of every kind.</summary>
public class GoFloatTests
{
    private static readonly Gen<double> s_value = Gen.Frequency(
        (6, Gen.Double),
        (2, Gen.Long[-10_000_000, 10_000_000].Select(static l => (double)l)),
        (2, Gen.Select(Gen.Long[-100_000_000, 100_000_000], Gen.Int[-30, 30]).Select(static (m, e) => m * Math.Pow(10, e))),
        (1, Gen.ULong.Select(static bits => BitConverter.UInt64BitsToDouble(bits))),
        (1, Gen.ULong[0, 1UL << 52].Select(static bits => BitConverter.UInt64BitsToDouble(bits))),
        (1, Gen.OneOfConst(0.0, -0.0, 1, -1, 1e6, 1e21, 5e-324, double.MaxValue, double.MinValue, 2.2250738585072014e-308, 0.0001, 0.00001, double.NaN, double.PositiveInfinity, double.NegativeInfinity)));

    [Fact]
    public void Every_form_writes_what_go_writes()
    {
        s_value.Sample(v =>
        {
            Span<byte> buffer = stackalloc byte[GoFloat.MaxFormattedLength];
            Assert.Equal(GoFloatOracle.Expfmt(v, openMetrics: false), Encoding.ASCII.GetString(buffer[..GoFloat.Format(v, buffer)]));
            Assert.Equal(GoFloatOracle.Expfmt(v, openMetrics: true), Encoding.ASCII.GetString(buffer[..GoFloat.Format(v, buffer, openMetrics: true)]));
            Assert.Equal(GoFloatOracle.FormatFloat(v, 'g'), Encoding.ASCII.GetString(buffer[..GoFloat.FormatG(v, buffer)]));
            Assert.Equal(GoFloatOracle.FormatFloat(v, 'g'), GoFloat.FormatG(v));

            Span<byte> fixedBuffer = stackalloc byte[GoFloat.MaxFixedLength];
            Assert.Equal(GoFloatOracle.FormatFloat(v, 'f'), Encoding.ASCII.GetString(fixedBuffer[..GoFloat.FormatF(v, fixedBuffer)]));
            Assert.Equal(GoFloatOracle.FormatFloat(v, 'f'), GoFloat.FormatF(v));
        }, iter: 200_000);
    }

    [Theory]
    [InlineData(-0.0, "-0", "-0")]
    [InlineData(1e21, "1e+21", "1000000000000000000000")]
    [InlineData(0.00001, "1e-05", "0.00001")]
    [InlineData(1795764809.7641573, "1.7957648097641573e+09", "1795764809.7641573")]
    [InlineData(double.NegativeInfinity, "-Inf", "-Inf")]
    public void G_and_f_forms_match_strconv(double value, string g, string f)
    {
        Assert.Equal(g, GoFloat.FormatG(value));
        Assert.Equal(f, GoFloat.FormatF(value));
    }

    [Fact]
    public void Writing_into_a_span_allocates_nothing()
    {
        double[] values = [0.5, 1e6, -2.5e-10, 123456, double.MaxValue, 5e-324, double.NaN, 1795764809.7641573];
        Span<byte> buffer = stackalloc byte[GoFloat.MaxFixedLength];
        var written = Format(values, buffer); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        written += Format(values, buffer);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(written > 0);
    }

    private static int Format(double[] values, Span<byte> buffer)
    {
        var n = 0;
        foreach (var v in values)
        {
            n += GoFloat.Format(v, buffer) + GoFloat.Format(v, buffer, openMetrics: true) + GoFloat.FormatG(v, buffer) + GoFloat.FormatF(v, buffer);
        }

        return n;
    }
}
