using DualHub.Nats.Monitoring;

namespace DualHub.Nats.Tests.Monitoring;

public sealed class NatsMonitorTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("1.5ms", 1.5)]
    [InlineData("250µs", 0.25)]
    [InlineData("1m2.5s", 62_500)]
    [InlineData("garbage", 0)]
    public void Go_duration_strings_from_routez_and_leafz_parse(string text, double ms) =>
        Assert.Equal(ms, NatsMonitor.ParseGoDuration(text).TotalMilliseconds, 3);
}
