using DualHub.Nats.Messaging;

namespace DualHub.Nats.Tests.Messaging;

public sealed class NatsSubjectsTests
{
    [Fact]
    public void Subjects_match_the_stream_filters()
    {
        Assert.Equal("observability.metrics.pc2", NatsSubjects.Metrics("pc2"));
        Assert.Equal("observability.health.cluster", NatsSubjects.Health("cluster"));
        Assert.Equal("observability.alerts.urgent", NatsSubjects.Alerts(AlertSeverity.Urgent));
        Assert.Equal("observability.alerts.warning", NatsSubjects.Alerts(AlertSeverity.Warning));
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("*")]
    [InlineData(">")]
    [InlineData("a b")]
    [InlineData("")]
    public void Node_tokens_that_would_change_the_subject_are_rejected(string node) =>
        Assert.Throws<ArgumentException>(() => NatsSubjects.Metrics(node));

    [Fact]
    public void Connection_options_list_every_url_and_ping_every_few_seconds()
    {
        var opts = NatsConnectionFactory.CreateOptions(["nats://127.0.0.1:4222", "nats://127.0.0.1:4223"], "t");

        Assert.Equal("nats://127.0.0.1:4222,nats://127.0.0.1:4223", opts.Url);
        Assert.True(opts.PingInterval <= TimeSpan.FromSeconds(5));
        Assert.Equal(2, opts.MaxPingOut);
    }

    [Fact]
    public void Connection_options_reject_a_non_nats_url() =>
        Assert.Throws<ArgumentException>(() => NatsConnectionFactory.CreateOptions(["http://x:1"], "t"));
}
