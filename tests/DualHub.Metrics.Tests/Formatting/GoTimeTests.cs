using DualHub.Metrics.Formatting;

namespace DualHub.Metrics.Tests.Formatting;

public sealed class GoTimeTests
{
    [Theory]
    [InlineData(0, 0, "2024-05-01T10:00:00Z")]
    [InlineData(1_250_000, 0, "2024-05-01T10:00:00.125Z")]
    [InlineData(1, 23, "2024-05-01T10:00:00.000000123Z")]
    public void Formats_like_Go_RFC3339Nano(long ticks, int extraNanos, string expected)
    {
        var t = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(ticks);

        Assert.Equal(expected, GoTime.FormatRfc3339Nano(t, extraNanos));
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00Z", 0)]
    [InlineData("2024-05-01T10:00:00.123456789Z", 1_234_567)]
    [InlineData("2024-05-01T12:00:00.5+02:00", 5_000_000)]
    public void Parses_up_to_nine_fraction_digits_and_offsets(string text, long ticks)
    {
        Assert.True(GoTime.TryParseRfc3339(text, out var value));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(ticks), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-05-01")]
    [InlineData("2024-05-01 10:00:00Z")]
    [InlineData("tomorrow at ten")]
    public void Refuses_what_is_not_RFC3339(string text)
    {
        Assert.False(GoTime.TryParseRfc3339(text, out _));
    }
}
