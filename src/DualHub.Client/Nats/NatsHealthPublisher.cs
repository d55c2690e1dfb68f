using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using DualHub.Client.Events;
using DualHub.Client.Health;
using DualHub.Core.Retry;
using DualHub.Nats.Messaging;
using Microsoft.Extensions.Logging;

namespace DualHub.Client.Nats;

/// <summary>
/// Queues health reports and alerts and sends them from one loop. The queue is bounded and drops the oldest entry when
/// full, so the agent's loops never wait for NATS; a failed send is retried with the same msg id until NATS answers.
/// </summary>
internal sealed class NatsHealthPublisher : INatsAgentPublisher
{
    private static readonly Backoff RetryBackoff = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    private static readonly TimeSpan DrainOnDispose = TimeSpan.FromSeconds(2);

    private readonly IObservabilityPublisher _publisher;
    private readonly IAsyncDisposable? _connection;
    private readonly string _agent;
    private readonly string _node;
    private readonly string _runId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly Channel<OutgoingMessage> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sequence;
    private long _published;
    private long _dropped;
    private int _dropping;
    private bool _failing;

    public NatsHealthPublisher(IObservabilityPublisher publisher, string agent, string node, string healthSubject, TimeProvider time, ILogger logger, int capacity = 256, IAsyncDisposable? connection = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _publisher = publisher;
        _agent = agent;
        _node = node;
        HealthSubject = healthSubject;
        _time = time;
        _logger = logger;
        _capacity = capacity;
        _connection = connection;
        // One run id per process start: a restarted agent's sequence starts again at 1, and its ids must not be taken
        // for duplicates of the previous run's within the stream's duplicate window.
        _runId = time.GetUtcNow().ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture);
        _queue = Channel.CreateBounded<OutgoingMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
        _loop = Task.Run(() => SendLoopAsync(_stop.Token), CancellationToken.None);
        NatsPublisherTelemetry.Register(this, agent, node);
    }

    public string HealthSubject { get; }

    public long Published => Interlocked.Read(ref _published);

    public long Dropped => Interlocked.Read(ref _dropped);

    public int Queued => _queue.Reader.Count;

    /// <summary>Msg id of the n-th message of this run: <c>&lt;agent&gt;/&lt;node&gt;/&lt;run&gt;/&lt;kind&gt;&lt;n&gt;</c>.</summary>
    internal string MsgId(char kind, long n) => string.Create(CultureInfo.InvariantCulture, $"{_agent}/{_node}/{_runId}/{kind}{n}");

    public ValueTask PublishHealthAsync(AgentHealthReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            report.WriteJson(w);
        }

        Enqueue(HealthSubject, buffer.WrittenSpan.ToArray(), 'h');
        return ValueTask.CompletedTask;
    }

    public ValueTask PublishHubChangedAsync(string agent, string node, HubChangedEventArgs change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var details = new System.Text.Json.Nodes.JsonObject
        {
            ["from_hub"] = change.FromHub,
            ["from_url"] = change.FromUrl?.ToString(),
            ["to_hub"] = change.ToHub,
            ["to_url"] = change.ToUrl?.ToString(),
            ["reason"] = change.Reason,
            ["sequence"] = change.Sequence,
        };
        // A fallback still stores the data: warning. No hub at all (only the spool holds it): urgent.
        var alert = change.IsFailover
            ? new AgentAlert("hub_failover", change.ToHub is null ? AlertSeverity.Urgent : AlertSeverity.Warning, false,
                $"{change.FromHub ?? "none"} down: pushing to {change.ToHub ?? "no hub (spooling)"}: {change.Reason}", details)
            : new AgentAlert("hub_failover", AlertSeverity.Warning, true, $"back on {change.ToHub}: {change.Reason}", details);
        PublishAlert(alert, change.At);
        return ValueTask.CompletedTask;
    }

    public void PublishAlert(AgentAlert alert) => PublishAlert(alert, _time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        NatsPublisherTelemetry.Unregister(this);
        _queue.Writer.TryComplete();
        // Give what is queued a short chance to go out (a stop is often right after a failover).
        await Task.WhenAny(_loop, Task.Delay(DrainOnDispose, _time));
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private void PublishAlert(AgentAlert alert, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(alert);
        Log.Alert(_logger, alert.Kind, alert.Severity.ToString(), alert.Resolved, alert.Summary);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", alert.Kind);
            w.WriteString("severity", alert.Severity == AlertSeverity.Urgent ? "urgent" : "warning");
            w.WriteString("state", alert.Resolved ? "resolved" : "firing");
            w.WriteString("agent", _agent);
            w.WriteString("node", _node);
            w.WriteString("summary", alert.Summary);
            w.WriteString("time", at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            if (alert.Details is not null)
            {
                w.WritePropertyName("details");
                alert.Details.WriteTo(w);
            }

            w.WriteEndObject();
        }

        Enqueue(NatsSubjects.Alerts(alert.Severity), buffer.WrittenSpan.ToArray(), 'a');
    }

    private void Enqueue(string subject, byte[] payload, char kind)
    {
        var id = MsgId(kind, Interlocked.Increment(ref _sequence));
        _queue.Writer.TryWrite(new OutgoingMessage(subject, payload, id)); // never waits: a full queue drops its oldest
    }

    private void OnDropped(OutgoingMessage message)
    {
        Interlocked.Increment(ref _dropped);
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            Log.Dropping(_logger, _capacity);
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(ct))
        {
            while (reader.TryRead(out var message))
            {
                await SendAsync(message, ct);
            }
        }
    }

    private async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _publisher.PublishAsync(message.Subject, message.Payload, message.MsgId, ct);
                Interlocked.Increment(ref _published);
                if (_failing || Volatile.Read(ref _dropping) == 1)
                {
                    _failing = false;
                    Volatile.Write(ref _dropping, 0);
                    Log.Resumed(_logger, Dropped);
                }

                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // NATS being down must never end the loop: every failure is retried
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (!_failing)
                {
                    _failing = true;
                    Log.Unreachable(_logger, message.Subject, message.MsgId, Queued, ex.Message);
                }
            }

            await Task.Delay(RetryBackoff.Delay(attempt), _time, ct);
        }
    }
}
