using DualHub.Metrics.Durations;

namespace DualHub.Metrics.Tests.Durations;

// Cases follow prometheus/common model.ParseDuration and Duration.String.
public class PrometheusDurationTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("5m", 300_000)]
    [InlineData("30ms", 30)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d2h", 93_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("1y", 31_536_000_000)]
    [InlineData("1y1w1d1h1m1s1ms", 32_230_861_001)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    [InlineData("0y0ms", 0)]
    [InlineData("90s", 90_000)]
    public void Parses_what_prometheus_accepts(string text, long ms)
    {
        Assert.True(DurationText.TryParse(text, DurationSyntax.Prometheus, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("s")]
    [InlineData("30s1m")]
    [InlineData("1m1m")]
    [InlineData("1ms1s")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("+1s")]
    [InlineData("1us")]
    [InlineData("1ns")]
    [InlineData("1S")]
    [InlineData(" 1s")]
    [InlineData("1s ")]
    [InlineData("1 s")]
    [InlineData("00")]
    [InlineData("99999999999999999y")]
    [InlineData("293y")]
    [InlineData("106752d")]
    public void Rejects_what_prometheus_rejects(string text) =>
        Assert.False(DurationText.TryParse(text, DurationSyntax.Prometheus, out _));

    [Fact]
    public void The_largest_duration_is_that_of_go()
    {
        Assert.True(DurationText.TryParse("292y", DurationSyntax.Prometheus, out _));
        Assert.True(DurationText.TryParse("106751d23h47m16s854ms", DurationSyntax.Prometheus, out _));
        Assert.False(DurationText.TryParse("106751d23h47m16s855ms", DurationSyntax.Prometheus, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(86_400_000, "1d")]
    [InlineData(32_230_861_001, "1y1w1d1h1m1s1ms")]
    public void Formats_as_prometheus_does(long ms, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromMilliseconds(ms), DurationSyntax.Prometheus));

    [Fact]
    public void Formatting_drops_below_a_millisecond_and_refuses_negatives()
    {
        Assert.Equal("1s", DurationText.Format(TimeSpan.FromTicks(TimeSpan.TicksPerSecond + 9999), DurationSyntax.Prometheus));
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationText.Format(TimeSpan.FromSeconds(-1), DurationSyntax.Prometheus));
    }
}
