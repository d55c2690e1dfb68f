using DualHub.Core.Retry;
using DualHub.Hub.Receive;
using DualHub.Hub.Upstreams;
using DualHub.Nats.Messaging;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Backbone;

/// <summary>
/// Reads the central durable consumer into the sample journal through the same receiver as <c>POST /api/v1/write</c>
/// (so the central view rule holds whichever path delivered a sample), acking each message only after its journal
/// commit. A message that cannot be decoded or validated is acked and counted as dropped, never redelivered forever;
/// <c>dualhub up --check</c> probe messages are acked and skipped.
/// </summary>
internal sealed class NatsMetricsConsumer : IAsyncDisposable
{
    private const int BatchSize = 256;
    private static readonly TimeSpan FetchExpires = TimeSpan.FromSeconds(2);

    private readonly IDurableConsumer _consumer;
    private readonly RemoteWriteReceiver _receiver;
    private readonly NatsHubOptions _options;
    private readonly ILogger _logger;
    private readonly Backoff _backoff = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5), equalJitter: true);
    private readonly BackgroundLoop _loop;
    private volatile string _state = "starting";
    private volatile string? _lastError;
    private long _messages;
    private long _samples;
    private long _dropped;
    private long _checks;
    private long _failures;

    public NatsMetricsConsumer(IDurableConsumer consumer, RemoteWriteReceiver receiver, NatsHubOptions options, TimeProvider time, ILogger logger)
    {
        _consumer = consumer;
        _receiver = receiver;
        _options = options;
        _logger = logger;
        _loop = new BackgroundLoop(FetchAsync, Failed, () => _state = "stopped", _backoff, time);
    }

    public void Start()
    {
        Log.ConsumeStarting(_logger, _options.Stream, _options.Consumer, _options.Url ?? string.Empty);
        _loop.Start();
    }

    public NatsConsumeStatus GetStatus() => new(
        _options.Stream,
        _options.Consumer,
        _state,
        Interlocked.Read(ref _messages),
        Interlocked.Read(ref _samples),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _checks),
        Interlocked.Read(ref _failures),
        _lastError);

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task FetchAsync(CancellationToken ct)
    {
        // Bounded pulls, each finished whole (not cancelled by a stop): every message the server hands to this hub is
        // committed and acked before it stops, none waits out the ack wait (30 s) for redelivery.
        _state = "consuming";
        await _consumer.FetchAsync(BatchSize, FetchExpires, CommitAsync, CancellationToken.None);
    }

    /// <summary>Consumer missing, server gone, journal error (the message was nak'ed): back off and pull again.</summary>
    private void Failed(Exception ex, TimeSpan delay)
    {
        Interlocked.Increment(ref _failures);
        _state = "retrying";
        _lastError = ex.Message;
        Log.ConsumeRetrying(_logger, _options.Stream, _options.Consumer, (long)delay.TotalMilliseconds, ex.Message);
    }

    private async ValueTask CommitAsync(ObservabilityMessage message, CancellationToken ct)
    {
        if (message.IsCheck)
        {
            Interlocked.Increment(ref _checks);
            return;
        }

        // Committed before the ack: a crash in between redelivers, and the central view stores the duplicate once.
        // Not cancelled by a stop: a commit abandoned half-way would be neither acked nor nak'ed (30 s ack wait).
        var result = await _receiver.ReceiveAsync(message.Data, CancellationToken.None);
        if (result.StatusCode is >= 200 and < 300)
        {
            Interlocked.Increment(ref _messages);
            Interlocked.Add(ref _samples, result.Samples);
            _backoff.Reset();
            _lastError = null;
            return;
        }

        Interlocked.Increment(ref _dropped);
        _lastError = result.Error;
        Log.MessageDropped(_logger, message.Subject, message.StreamSequence, message.MsgId, result.Error ?? $"status {result.StatusCode}");
    }
}
