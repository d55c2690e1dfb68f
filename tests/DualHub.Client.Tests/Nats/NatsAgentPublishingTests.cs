using DualHub.Client.Nats;
using DualHub.Client.Options;

namespace DualHub.Client.Tests.Nats;

public sealed class NatsAgentPublishingTests
{
    private static AgentOptions Parse(string nats) =>
        AgentConfigLoader.Parse($"agent: {{ name: a, node: pc2 }}\nhub_endpoints: {{ primary: http://127.0.0.1:1 }}\n{nats}", "a.yaml", null, _ => null);

    [Fact]
    public async Task Nats_url_may_list_every_server_and_the_publisher_uses_the_per_node_subject_by_default()
    {
        var o = Parse("nats: { nats_url: \"nats://127.0.0.1:4222, nats://127.0.0.1:4223\" }\n");

        Assert.Equal([new Uri("nats://127.0.0.1:4222"), new Uri("nats://127.0.0.1:4223")], o.Nats.Urls);
        Assert.Equal(new Uri("nats://127.0.0.1:4222"), o.Nats.Url);
        await using var p = NatsAgentPublishing.Create(o);
        Assert.NotNull(p);
        Assert.Equal("observability.health.pc2", p.HealthSubject);
    }

    [Theory]
    [InlineData("nats: { nats_url: \"nats://127.0.0.1:4223\", enabled: false }\n")]
    [InlineData("push_interval: 1\n")]
    public void Without_a_nats_url_or_with_enabled_false_the_agent_publishes_nothing(string yaml)
    {
        Assert.Null(NatsAgentPublishing.Create(Parse(yaml)));
    }

    [Theory]
    [InlineData("observability.metrics.pc2")]
    [InlineData("observability.health.pc2.extra")]
    [InlineData("observability.health.*")]
    public void A_health_subject_outside_the_health_stream_is_refused_naming_the_key(string subject)
    {
        var o = Parse($"nats: {{ nats_url: \"nats://127.0.0.1:4223\", health_subject: \"{subject}\" }}\n");

        var ex = Assert.Throws<AgentConfigException>(() => NatsAgentPublishing.Create(o));

        Assert.StartsWith("nats.health_subject: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_url_in_the_list_is_refused_naming_the_key()
    {
        var ex = Assert.Throws<AgentConfigException>(() => NatsAgentPublishing.Create(Parse("nats_url: \"nats://127.0.0.1:4222,http://x:1\"\n")));

        Assert.Contains("nats.nats_url", ex.Message, StringComparison.Ordinal);
    }
}
