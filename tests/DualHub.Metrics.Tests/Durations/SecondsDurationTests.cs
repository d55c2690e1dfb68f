using DualHub.Metrics.Durations;

namespace DualHub.Metrics.Tests.Durations;

// The plan's agent YAML writes durations as seconds (health_check_interval: 30, push_interval: 0.5);
// the SDK also takes Go units (500ms, 2m), so it parses with Seconds | Go.
public class SecondsDurationTests
{
    private const DurationSyntax Agent = DurationSyntax.Seconds | DurationSyntax.Go;

    [Theory]
    [InlineData("0.25", 250)]
    [InlineData("1.5", 1_500)]
    [InlineData("30", 30_000)]
    [InlineData("300", 300_000)]
    [InlineData("0", 0)]
    [InlineData(".5", 500)]
    [InlineData("5.", 5_000)]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1h30m", 5_400_000)]
    public void Agent_durations_are_seconds_or_go_durations(string text, long ms)
    {
        Assert.True(DurationText.TryParse(text, Agent, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    [InlineData("2x")]
    [InlineData("9223372037")]
    public void Bare_numbers_are_plain_non_negative_decimals(string text) =>
        Assert.False(DurationText.TryParse(text, DurationSyntax.Seconds, out _));

    [Fact]
    public void Seconds_format_as_a_plain_number() =>
        Assert.Equal("1.5", DurationText.Format(TimeSpan.FromMilliseconds(1500), DurationSyntax.Seconds));

    [Fact]
    public void Hub_configs_take_go_or_prometheus_syntax()
    {
        const DurationSyntax hub = DurationSyntax.Go | DurationSyntax.Prometheus;
        Assert.True(DurationText.TryParse("1.5h", hub, out var a));
        Assert.True(DurationText.TryParse("1d12h", hub, out var b));
        Assert.Equal(TimeSpan.FromMinutes(90), a);
        Assert.Equal(TimeSpan.FromHours(36), b);
        Assert.False(DurationText.TryParse("30", hub, out _));
    }

    [Fact]
    public void The_error_message_describes_every_accepted_syntax()
    {
        var ex = Assert.Throws<FormatException>(() => DurationText.Parse("soon", Agent, "push_interval"));

        Assert.Equal("push_interval: 'soon' is not a duration (seconds like 30 or 0.5 or Go syntax like 500ms, 1.5h, 2h45m)", ex.Message);
    }
}
