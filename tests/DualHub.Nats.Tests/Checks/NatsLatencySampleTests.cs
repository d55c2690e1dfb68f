using DualHub.Nats.Checks;

namespace DualHub.Nats.Tests.Checks;

public sealed class NatsLatencySampleTests
{
    [Theory]
    // sent, acked, stored, received
    [InlineData(0, 0.3, 9.0, 10.0, NatsLatencyHop.Server)] // the consuming server stored it late: sourcing/replication
    [InlineData(0, 0.3, 0.2, 10.0, NatsLatencyHop.Delivery)] // stored at once, ack quick, delivered late
    [InlineData(0, 9.8, 0.2, 10.0, NatsLatencyHop.Client)] // stored at once, ack and delivery both late: this process
    [InlineData(0, 0.3, double.NaN, 10.0, NatsLatencyHop.Unknown)]
    public void Slowest_hop_is_where_most_of_the_latency_went(double sent, double acked, double stored, double received, NatsLatencyHop expected)
    {
        var sample = new NatsLatencySample(sent, acked, received) { StoredMs = stored };

        Assert.Equal(expected, sample.SlowestHop);
        Assert.Equal(received - sent, sample.LatencyMs);
    }

    [Fact]
    public void Result_text_says_where_the_p99_messages_lost_their_time()
    {
        var samples = Enumerable.Range(0, 98).Select(i => new NatsLatencySample(i * 10, (i * 10) + 0.2, (i * 10) + 0.4) { StoredMs = (i * 10) + 0.1 })
            .Append(new NatsLatencySample(2000, 2000.2, 2012) { StoredMs = 2011 })
            .Append(new NatsLatencySample(3000, 3011, 3012) { StoredMs = 3000.1 })
            .ToList();
        var result = new NatsLatencyResult(100, 0.4, 0.4, 12, 12, 0.6, 1000) { Samples = samples };

        Assert.Equal(new Dictionary<NatsLatencyHop, int> { [NatsLatencyHop.Server] = 1, [NatsLatencyHop.Client] = 1 }, result.SlowHops());
        Assert.EndsWith("; p99 messages late in: server 1, client 1", result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("late in", (result with { Samples = [] }).ToString(), StringComparison.Ordinal);
    }
}
