using DualHub.Agents.ObservabilityHub;
using DualHub.Client.Options;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Agents.Tests.ObservabilityHub;

public sealed class HealthStreamConsumerConfigTests
{
    private static HealthStreamConsumer? FromConfig(string yaml)
    {
        var o = AgentConfigLoader.Parse($"agent: {{ name: obs, node: pc2 }}\nhub_endpoints: {{ primary: http://127.0.0.1:1 }}\n{yaml}", "obs.yaml", ["observability_hub"], _ => null).Validate();
        return HealthStreamConsumer.FromConfig(o.Config!.GetSection("observability_hub"), o, new FakeTimeProvider());
    }

    [Fact]
    public void Reads_the_configured_server_list_and_the_plans_consumer()
    {
        var c = FromConfig("nats_url: nats://127.0.0.1:4223\nobservability_hub: { health_stream_url: \"nats://127.0.0.1:4222, nats://127.0.0.1:4223\", health_stale_after: 45s }\n")!;

        Assert.Equal(["nats://127.0.0.1:4222", "nats://127.0.0.1:4223"], c.Urls);
        Assert.Equal("observability-health-monitor", c.Consumer);
        Assert.Equal(TimeSpan.FromSeconds(45), c.View.StaleAfter);
    }

    [Fact]
    public void Defaults_to_the_agents_own_nats_url_and_is_off_without_one_or_with_an_empty_url()
    {
        Assert.Equal(["nats://127.0.0.1:4223"], FromConfig("nats_url: nats://127.0.0.1:4223\n")!.Urls);
        Assert.Null(FromConfig("push_interval: 1\n"));
        Assert.Null(FromConfig("nats: { nats_url: nats://127.0.0.1:4223, enabled: false }\n"));
        Assert.Null(FromConfig("nats_url: nats://127.0.0.1:4223\nobservability_hub: { health_stream_url: \"\" }\n"));
    }

    [Fact]
    public void A_bad_url_is_refused_naming_the_key()
    {
        var ex = Assert.Throws<AgentConfigException>(() => FromConfig("observability_hub: { health_stream_url: \"http://127.0.0.1:4222\" }\n"));

        Assert.StartsWith("observability_hub.health_stream_url: ", ex.Message, StringComparison.Ordinal);
    }
}
