using System.Text.Json;
using DualHub.Core.Retry;
using DualHub.Hub.CentralIngest;
using DualHub.Hub.Receive;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Metrics.Model;
using DualHub.Nats.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;

namespace DualHub.Hub.Backbone;

/// <summary>
/// The hub's NATS JetStream metrics path: publishes the sample journal (edge) or consumes the
/// central durable consumer into it (central), so metrics cross machines even when HTTP between them fails.
/// </summary>
public sealed class NatsBackboneLink : IAsyncDisposable
{
    private readonly NatsHubOptions _options;
    private readonly NatsConnection _connection;
    private readonly NatsPublishSender? _publishSender;
    private readonly JournalUpstream? _publisher;
    private readonly NatsMetricsConsumer? _consumer;
    private int _disposed;

    public NatsBackboneLink(NatsHubOptions options, ISampleLog journal, TimeProvider time, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(journal);
        _options = options;
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("DualHub.Hub.Backbone");
        var name = "dualhub-hub-" + (options.Node ?? (options.Consumes ? "central" : "hub"));

        // Keep trying the first connect: the local server may start after the hub (dualhub up, systemd). URLs in the
        // given order: the local server first, so msg-id dedup happens in the local stream; the others are failover.
        _connection = new NatsConnection(NatsConnectionFactory.CreateOptions(options.Urls, name, requestTimeout: options.PublishTimeout, auth: options.Auth) with
        {
            RetryOnInitialConnect = true,
            NoRandomize = true,
        });
        var publisherOptions = new NatsPublisherOptions { MaxAttempts = 3, AttemptTimeout = options.PublishTimeout, MaxRetryDelay = TimeSpan.FromSeconds(1) };
        Alerts = ObservabilityMessaging.CreatePublisher(_connection, publisherOptions, time);
        if (options.Publishes)
        {
            var publisher = ObservabilityMessaging.CreatePublisher(_connection, publisherOptions, time);
            _publishSender = new NatsPublishSender(journal, publisher, options, logger);
            _publisher = new JournalUpstream(journal, _publishSender, new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), equalJitter: true), time);
        }

        if (options.Consumes)
        {
            var consumer = ObservabilityMessaging.CreateConsumer(_connection, options.Stream, options.Consumer, time: time);
            _consumer = new NatsMetricsConsumer(consumer, new RemoteWriteReceiver(journal, CentralIngest.IngestPath.Nats), options, time, logger);
        }
    }

    /// <summary>
    /// Publishes alerts on the link's connection (the local server first), whatever the link does with metrics:
    /// Alertmanager's webhook on a central, the edge's own upstream alert.
    /// </summary>
    public IObservabilityPublisher Alerts { get; }

    public NatsPublishStatus? PublishStatus => _publisher is null ? null : new NatsPublishStatus(_publisher.GetStatus(), _publishSender!.Duplicates);

    public NatsConsumeStatus? ConsumeStatus => _consumer?.GetStatus();

    /// <summary>Open, Connecting, Reconnecting or Closed.</summary>
    public string ConnectionState => _connection.ConnectionState.ToString().ToLowerInvariant();

    /// <summary>The server the link is connected to, or null.</summary>
    public string? ServerName => _connection.ServerInfo?.Name;

    /// <summary>One NATS PING/PONG round trip on the link's connection (the console charts it).</summary>
    public ValueTask<TimeSpan> PingAsync(CancellationToken ct) => _connection.PingAsync(ct);

    public void Start()
    {
        _publisher?.Start();
        _consumer?.Start();
    }

    /// <summary>Self-metrics of the link, as families for the hub's <c>/metrics</c>.</summary>
    public List<MetricFamily> CollectMetrics() => NatsBackboneMetrics.Collect(_options, _connection.ConnectionState == NatsConnectionState.Open, PublishStatus, ConsumeStatus);

    /// <summary>Writes the <c>nats</c> member of <c>/health</c>.</summary>
    public void WriteHealth(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject("nats");
        w.WriteString("url", _options.Url);
        w.WriteString("connection", ConnectionState);
        w.WriteString("server", _connection.ServerInfo?.Name);
        if (PublishStatus is { } p)
        {
            w.WriteStartObject("publish");
            w.WriteString("subject", p.Subject);
            UpstreamHealth.WriteBacklog(w, p.State, p.Upstream);
            w.WriteNumber("messages_published", p.MessagesPublished);
            w.WriteNumber("samples_published", p.SamplesPublished);
            w.WriteNumber("failures", p.Failures);
            UpstreamHealth.WriteDropped(w, p.Upstream);
            w.WriteEndObject();
        }

        if (ConsumeStatus is { } c)
        {
            w.WriteStartObject("consume");
            w.WriteString("stream", c.Stream);
            w.WriteString("consumer", c.Consumer);
            w.WriteString("state", c.State);
            w.WriteNumber("messages_consumed", c.MessagesConsumed);
            w.WriteNumber("samples_consumed", c.SamplesConsumed);
            w.WriteNumber("messages_dropped", c.MessagesDropped);
            w.WriteNumber("checks_skipped", c.ChecksSkipped);
            w.WriteNumber("failures", c.Failures);
            w.WriteString("last_error", c.LastError);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}
