using DualHub.Hub.PrometheusConfig;

namespace DualHub.Hub.Tests.PrometheusConfig;

public class PrometheusDurationTests
{
    [Theory]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("30ms", 30)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d2h", 93_600_000)]
    [InlineData("1w", 604_800_000)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void Parses_prometheus_durations(string text, long ms)
    {
        Assert.True(PrometheusDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]
    [InlineData("s")]
    [InlineData("30s1m")]
    [InlineData("1.5s")]
    [InlineData("-1s")]
    [InlineData("1m1m")]
    [InlineData("99999999999999999y")]
    public void Rejects_invalid_durations(string text) => Assert.False(PrometheusDuration.TryParse(text, out _));
}
