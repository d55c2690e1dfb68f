using DualHub.Hub.Backbone;

namespace DualHub.Hub.Options;

/// <summary>The YAML shape of the hub's <c>nats:</c> section (see <see cref="NatsHubOptions"/>).</summary>
internal sealed class NatsConfigSection
{
    public string? Url { get; set; }

    public string? Node { get; set; }

    public bool? Publish { get; set; }

    public bool? Consume { get; set; }

    public string? Stream { get; set; }

    public string? Consumer { get; set; }

    public int? MaxMessageBytes { get; set; }

    public string? PublishTimeout { get; set; }

    public NatsHubOptions ToOptions()
    {
        var o = new NatsHubOptions { Url = Url, Node = Node, Publish = Publish, Consume = Consume };
        o.Stream = Stream ?? o.Stream;
        o.Consumer = Consumer ?? o.Consumer;
        o.MaxMessageBytes = MaxMessageBytes ?? o.MaxMessageBytes;
        if (PublishTimeout is not null)
        {
            o.PublishTimeout = HubConfigLoader.ParseDuration(PublishTimeout, "nats.publish_timeout");
        }

        return o;
    }
}
