using DualHub.Metrics.Durations;

namespace DualHub.Metrics.Tests.Durations;

// Cases follow Go's time.ParseDuration and Duration.String (src/time/time_test.go).
public class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("5s", 5_000_000_000)]
    [InlineData("30s", 30_000_000_000)]
    [InlineData("1478s", 1_478_000_000_000)]
    [InlineData("-5s", -5_000_000_000)]
    [InlineData("+5s", 5_000_000_000)]
    [InlineData("-0", 0)]
    [InlineData("+0", 0)]
    [InlineData("5.0s", 5_000_000_000)]
    [InlineData("5.6s", 5_600_000_000)]
    [InlineData("5.s", 5_000_000_000)]
    [InlineData(".5s", 500_000_000)]
    [InlineData("1.0s", 1_000_000_000)]
    [InlineData("1.00s", 1_000_000_000)]
    [InlineData("1.004s", 1_004_000_000)]
    [InlineData("100.00100s", 100_001_000_000)]
    [InlineData("10ns", 10)]
    [InlineData("1100ns", 1_100)]
    [InlineData("11us", 11_000)]
    [InlineData("13ms", 13_000_000)]
    [InlineData("14s", 14_000_000_000)]
    [InlineData("15m", 900_000_000_000)]
    [InlineData("16h", 57_600_000_000_000)]
    [InlineData("3h30m", 12_600_000_000_000)]
    [InlineData("2h45m", 9_900_000_000_000)]
    [InlineData("1.5h", 5_400_000_000_000)]
    [InlineData("300ms", 300_000_000)]
    [InlineData("10.5s4m", 250_500_000_000)]
    [InlineData("-2m3.4s", -123_400_000_000)]
    [InlineData("1h2m3s4ms5us6ns", 3_723_004_005_006)]
    [InlineData("39h9m14.425s", 140_954_425_000_000)]
    [InlineData("52763797000ns", 52_763_797_000)]
    [InlineData("0.3333333333333333333h", 1_200_000_000_000)]
    [InlineData("9007199254740993ns", 9_007_199_254_740_993)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("9223372036854775.807us", long.MaxValue)]
    [InlineData("-9223372036854775808ns", long.MinValue)]
    [InlineData("0.100000000000000000000h", 360_000_000_000)]
    [InlineData("0.830103483285477580700h", 2_988_372_539_828)]
    public void Parses_what_go_accepts(string text, long nanos)
    {
        Assert.True(DurationText.TryParse(text, DurationSyntax.Go, out var d));
        Assert.Equal(TimeSpan.FromTicks(nanos / 100), d);
    }

    [Theory]
    [InlineData("250µs", 250_000)]
    [InlineData("250μs", 250_000)]
    [InlineData("1.5ms", 1_500_000)]
    [InlineData("1m2.5s", 62_500_000_000)]
    public void Accepts_both_micro_signs_and_the_strings_nats_server_monitoring_prints(string text, long nanos)
    {
        Assert.True(DurationText.TryParse(text, DurationSyntax.Go, out var d));
        Assert.Equal(TimeSpan.FromTicks(nanos / 100), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("-")]
    [InlineData("s")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData(".s")]
    [InlineData("+.s")]
    [InlineData("1d")]
    [InlineData("1w")]
    [InlineData("5x")]
    [InlineData("1S")]
    [InlineData("1 s")]
    [InlineData(" 1s")]
    [InlineData("00")]
    [InlineData("1s-1s")]
    [InlineData("9223372036854775808ns")]
    [InlineData("9223372036854775.808us")]
    [InlineData("9223372036854ms775us808ns")]
    [InlineData("-9223372036854775809ns")]
    public void Rejects_what_go_rejects(string text) =>
        Assert.False(DurationText.TryParse(text, DurationSyntax.Go, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1ns")]
    [InlineData(1_100, "1.1µs")]
    [InlineData(2_200_000, "2.2ms")]
    [InlineData(3_300_000_000, "3.3s")]
    [InlineData(240_000_000_000, "4m0s")]
    [InlineData(245_000_000_000, "4m5s")]
    [InlineData(245_001_000_000, "4m5.001s")]
    [InlineData(18_005_001_000_000, "5h0m5.001s")]
    [InlineData(18_000_000_000_000, "5h0m0s")]
    [InlineData(-1_000_000, "-1ms")]
    [InlineData(long.MaxValue, "2562047h47m16.854775807s")]
    [InlineData(long.MinValue, "-2562047h47m16.854775808s")]
    public void Go_strings_format_as_go_prints_them(long nanos, string expected)
    {
        // TimeSpan holds 100 ns ticks, so the nanosecond rows check the formatter itself.
        var ticks = nanos / 100;
        if (ticks * 100 == nanos)
        {
            Assert.Equal(expected, DurationText.Format(TimeSpan.FromTicks(ticks), DurationSyntax.Go));
        }

        Assert.Equal(expected, GoDurationSyntax.Format(nanos));
    }

    [Fact]
    public void Parse_names_the_key_and_the_bad_value()
    {
        var ex = Assert.Throws<FormatException>(() => DurationText.Parse("5x", DurationSyntax.Go, "nats.duplicate_window"));

        Assert.Contains("nats.duplicate_window", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'5x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_not_a_duration()
    {
        Assert.False(DurationText.TryParse(null, DurationSyntax.Go | DurationSyntax.Prometheus | DurationSyntax.Seconds, out _));
        Assert.Throws<FormatException>(() => DurationText.Parse(null, DurationSyntax.Go, "k"));
    }
}
