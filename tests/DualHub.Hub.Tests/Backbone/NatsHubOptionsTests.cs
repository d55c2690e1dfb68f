using DualHub.Hub.Options;

namespace DualHub.Hub.Tests.Backbone;

public sealed class NatsHubOptionsTests
{
    [Fact]
    public void Nats_section_is_read_and_an_edge_with_a_url_publishes()
    {
        var o = HubConfigLoader.Parse("role: edge\nnats:\n  url: nats://127.0.0.1:4223,nats://127.0.0.1:4222\n  node: pc2\n  publish_timeout: 3s\n");

        Assert.True(o.Nats.Publishes);
        Assert.False(o.Nats.Consumes);
        Assert.Equal(["nats://127.0.0.1:4223", "nats://127.0.0.1:4222"], o.Nats.Urls);
        Assert.Equal("nats:pc2", o.Nats.CursorName);
        Assert.Equal(TimeSpan.FromSeconds(3), o.Nats.PublishTimeout);
    }

    [Fact]
    public void A_central_with_a_url_consumes_the_centralhub_consumer()
    {
        var o = HubConfigLoader.Parse("role: central\nnats:\n  url: nats://127.0.0.1:4222\n");

        Assert.True(o.Nats.Consumes);
        Assert.False(o.Nats.Publishes);
        Assert.Equal("observability-metrics", o.Nats.Stream);
        Assert.Equal("observability-metrics-centralhub", o.Nats.Consumer);
    }

    [Fact]
    public void Without_a_url_nothing_is_on()
    {
        var o = HubConfigLoader.Parse("role: edge\n");

        Assert.False(o.Nats.Enabled);
    }

    [Theory]
    [InlineData("role: edge\nnats:\n  url: nats://127.0.0.1:4223\n", "nats.node")]
    [InlineData("role: edge\nnats:\n  url: nats://127.0.0.1:4223\n  node: pc.2\n", "nats.node")]
    [InlineData("role: edge\nnats:\n  url: http://127.0.0.1:4223\n  node: pc2\n", "nats.url")]
    [InlineData("role: central\nnats:\n  consume: true\n", "nats.url")]
    [InlineData("role: central\nnats:\n  url: nats://127.0.0.1:4222\n  node: mainpc\n  publish: true\n", "nats.publish")]
    [InlineData("role: edge\nnats:\n  url: nats://127.0.0.1:4222\n  node: pc2\n  max_message_bytes: 10\n", "nats.max_message_bytes")]
    [InlineData("role: edge\nnats:\n  url: nats://127.0.0.1:4222\n  node: pc2\n  publish_timeout: soon\n", "nats.publish_timeout")]
    public void Bad_settings_are_errors_naming_the_key(string yaml, string key)
    {
        var ex = Assert.Throws<HubConfigException>(() => HubConfigLoader.Parse(yaml));

        Assert.StartsWith(key, ex.Message, StringComparison.Ordinal);
    }
}
