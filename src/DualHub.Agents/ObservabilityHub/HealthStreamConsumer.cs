using DualHub.Client.Options;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;

namespace DualHub.Agents.ObservabilityHub;

/// <summary>
/// Reads the durable consumer <c>observability-health-monitor</c> (explicit ack after the report is in the
/// <see cref="ClusterView"/>) on the central NATS server, where the health stream holds every node's reports through leaf
/// sourcing. Reconnects and re-attaches forever; the last error is shown in <c>/health</c>.
/// </summary>
internal sealed class HealthStreamConsumer
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<string> _urls;
    private readonly string _consumer;
    private readonly ClusterView _view;
    private readonly TimeProvider _time;
    private volatile string? _error;

    public HealthStreamConsumer(IReadOnlyList<string> urls, string consumer, ClusterView view, TimeProvider time)
    {
        _urls = urls;
        _consumer = consumer;
        _view = view;
        _time = time;
    }

    public IReadOnlyList<string> Urls => _urls;

    /// <summary>The agent config's NATS credentials (<c>nats.user</c>, <c>nats.password_file</c>, <c>nats.tls_config</c>), or null.</summary>
    public NatsClientAuth? Auth { get; init; }

    public string Consumer => _consumer;

    public string? LastError => _error;

    /// <summary>
    /// From the <c>observability_hub</c> section: <c>health_stream_url</c> (comma-separated; default the agent's
    /// <c>nats.nats_url</c> when NATS is enabled; <c>""</c> switches it off), <c>health_stream_consumer</c>,
    /// <c>health_stale_after</c>. Null when there is no URL.
    /// </summary>
    public static HealthStreamConsumer? FromConfig(ConfigSection? section, ResolvedAgentOptions options, TimeProvider time)
    {
        var configured = section?.GetString("health_stream_url");
        var urls = configured is not null
            ? configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : options.Nats.Enabled ? [.. options.Nats.Urls.Select(u => u.OriginalString)] : [];
        foreach (var u in urls)
        {
            if (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss"))
            {
                throw new AgentConfigException("observability_hub.health_stream_url", $"observability_hub.health_stream_url: '{u}' is not a nats:// URL");
            }
        }

        var stale = section?.GetDuration("health_stale_after") ?? TimeSpan.FromSeconds(90);
        if (stale <= TimeSpan.Zero)
        {
            throw new AgentConfigException("observability_hub.health_stale_after", "observability_hub.health_stale_after: must be greater than 0");
        }

        var consumer = section?.GetString("health_stream_consumer") ?? ObservabilityStreams.HealthMonitorConsumer;
        return urls.Length == 0 ? null : new HealthStreamConsumer(urls, consumer, new ClusterView(time, stale), time) { Auth = options.Nats.Auth };
    }

    public ClusterView View => _view;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = NatsConnectionFactory.Create(_urls, "dualhub-observability-hub", auth: Auth);
                var consumer = ObservabilityMessaging.CreateConsumer(connection, ObservabilityStreams.Health, _consumer, time: _time);
                await consumer.ConsumeAsync(
                    (m, _) =>
                    {
                        _error = null;
                        _view.Apply(m.Data.Span, m.Subject, m.StreamSequence, m.Timestamp);
                        return ValueTask.CompletedTask;
                    },
                    ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // NATS down, consumer not yet created: shown in /health, retried
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _error = ex.Message;
            }

            try
            {
                await Task.Delay(RetryDelay, _time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public System.Text.Json.Nodes.JsonObject ToJson()
    {
        var json = _view.ToJson();
        json["stream"] = ObservabilityStreams.Health;
        json["consumer"] = _consumer;
        json["servers"] = string.Join(",", _urls);
        json["error"] = _error;
        return json;
    }
}
