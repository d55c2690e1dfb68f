using DualHub.Hub.Options;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;

namespace DualHub.Hub.Backbone;

/// <summary>
/// The hub's <c>nats:</c> section as resolved (role defaults applied, overrides merged): publish the sample journal to
/// <c>observability.metrics.&lt;node&gt;</c> (edge), or consume the central durable consumer into the journal (central).
/// Read from YAML as <see cref="NatsConfigSection"/>.
/// </summary>
public sealed record NatsHubOptions
{
    internal NatsHubOptions()
    {
    }

    /// <summary>Comma-separated server URLs, local server first (e.g. <c>nats://127.0.0.1:4223,nats://127.0.0.1:4222</c>).</summary>
    public string? Url { get; internal init; }

    /// <summary>This hub's node name: the subject token and the msg-id prefix.</summary>
    public string? Node { get; internal init; }

    /// <summary>Publish every journal record to <c>observability.metrics.&lt;node&gt;</c> from its own cursor; unset in YAML: on for an edge with a url.</summary>
    public bool Publishes { get; internal init; }

    /// <summary>Consume <see cref="Consumer"/> of <see cref="Stream"/> into the journal; unset in YAML: on for a central with a url.</summary>
    public bool Consumes { get; internal init; }

    public string Stream { get; internal init; } = ObservabilityStreams.Metrics;

    public string Consumer { get; internal init; } = ObservabilityStreams.CentralHubConsumer;

    /// <summary>Largest uncompressed slice of a journal record per message; keeps messages under the server's max_payload (1 MiB default).</summary>
    public int MaxMessageBytes { get; internal init; } = 768 * 1024;

    /// <summary>Wait for one publish ack; a timeout is retried with the same msg id.</summary>
    public TimeSpan PublishTimeout { get; internal init; } = TimeSpan.FromSeconds(2);

    /// <summary>User, password and TLS the hub connects with (<c>user</c>, <c>password_file</c>, <c>tls_config</c>), or null.</summary>
    public NatsClientAuth? Auth { get; internal init; }

    public bool Enabled => Publishes || Consumes;

    /// <summary>The cursor name of the publishing upstream in the sample journal.</summary>
    public string CursorName => "nats:" + Node;

    public IReadOnlyList<string> Urls => (Url ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Throws <see cref="HubConfigException"/> naming the first bad key; changes nothing.</summary>
    internal void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (Urls.Count == 0)
        {
            throw new HubConfigException("nats.url: required when nats.publish or nats.consume is on");
        }

        try
        {
            _ = NatsConnectionFactory.CreateOptions(Urls, "dualhub-hub");
        }
        catch (ArgumentException ex)
        {
            throw new HubConfigException($"nats.url: {ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]}", ex);
        }

        try
        {
            _ = Auth?.Apply(NATS.Client.Core.NatsOpts.Default);
        }
        catch (ArgumentException ex)
        {
            throw new HubConfigException($"nats.{ex.Message}", ex);
        }

        if (Publishes && Consumes)
        {
            // The central consumer reads observability.metrics.>: it would read back what this hub publishes, forever.
            throw new HubConfigException("nats.publish: cannot be on together with nats.consume (the hub would consume its own batches again)");
        }

        if (Publishes)
        {
            if (string.IsNullOrEmpty(Node))
            {
                throw new HubConfigException("nats.node: required when nats.publish is on");
            }

            try
            {
                _ = NatsSubjects.Metrics(Node);
            }
            catch (ArgumentException ex)
            {
                throw new HubConfigException($"nats.node: {ex.Message.Split(" (Parameter", StringSplitOptions.None)[0]}", ex);
            }
        }

        if (Consumes && (string.IsNullOrWhiteSpace(Stream) || string.IsNullOrWhiteSpace(Consumer)))
        {
            throw new HubConfigException("nats.stream and nats.consumer: must not be empty when nats.consume is on");
        }

        if (MaxMessageBytes < 4096)
        {
            throw new HubConfigException($"nats.max_message_bytes: {MaxMessageBytes} must be at least 4096");
        }

        if (PublishTimeout <= TimeSpan.Zero)
        {
            throw new HubConfigException("nats.publish_timeout: must be positive");
        }
    }
}
