using DualHub.Core.Retry;
using DualHub.Hub.Upstreams;
using DualHub.Nats.Messaging;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Alerts;

/// <summary>
/// Runs an <see cref="UpstreamAlertTracker"/> per upstream on a one-second tick and publishes what they raise to the
/// edge's NATS (its own machine's server first, so the alert is stored there while MainPC is unreachable; the leaf
/// topology sources it to MainPC after the heal). An alert that cannot be published yet is kept, in order, and tried
/// again with the same msg id until JetStream acks it.
/// </summary>
public sealed class UpstreamAlertMonitor : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Func<IReadOnlyList<UpstreamStatus>> _upstreams;
    private readonly string? _node;
    private readonly IReadOnlyDictionary<string, string> _externalLabels;
    private readonly AlertPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _threshold;
    private readonly Backoff _backoff = new(Tick, TimeSpan.FromSeconds(10));
    private readonly Dictionary<string, UpstreamAlertTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Queue<AlertNotification> _outbox = new();
    private readonly BackgroundLoop _loop;

    /// <param name="upstreams">Snapshots of the hub's <c>remote_write</c> upstreams.</param>
    /// <param name="node">The edge's machine (its NATS node), a label of the alert.</param>
    /// <param name="externalLabels">The hub's <c>global.external_labels</c>, labels of the alert too.</param>
    /// <param name="threshold">How long an upstream may go without a 2xx before the alert fires.</param>
    /// <param name="publisher">Where alerts go.</param>
    /// <param name="time">Clock of the ticks and of the alerts' times.</param>
    /// <param name="logger">Where firing, resolution and publish retries are logged.</param>
    public UpstreamAlertMonitor(
        Func<IReadOnlyList<UpstreamStatus>> upstreams,
        string? node,
        IReadOnlyDictionary<string, string> externalLabels,
        TimeSpan threshold,
        AlertPublisher publisher,
        TimeProvider time,
        ILogger logger)
    {
        _upstreams = upstreams;
        _node = node;
        _externalLabels = externalLabels;
        _publisher = publisher;
        _threshold = threshold;
        _time = time;
        _logger = logger;
        _loop = new BackgroundLoop(StepAsync, Failed, () => { }, _backoff, time);
    }

    public void Start()
    {
        var count = _upstreams().Count;
        Log.WatchingUpstreams(_logger, count, _threshold.TotalSeconds);
        _loop.Start();
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    /// <summary>One tick: observe every upstream, publish what is waiting (in order), wait for the next tick.</summary>
    internal async Task StepAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var status in _upstreams())
        {
            if (!_trackers.TryGetValue(status.Name, out var tracker))
            {
                _trackers[status.Name] = tracker = new UpstreamAlertTracker(status.Name, _node, _externalLabels, _threshold);
            }

            if (tracker.Observe(status, now) is { } alert)
            {
                if (alert.Resolved)
                {
                    Log.UpstreamAlertResolved(_logger, status.Name, UpstreamAlertTracker.AlertName);
                }
                else
                {
                    Log.UpstreamAlert(_logger, status.Name, (now - alert.StartsAt).TotalSeconds, UpstreamAlertTracker.AlertName, alert.Status, NatsSubjects.Alerts(AlertRouting.Severity(alert, out _)));
                }

                _outbox.Enqueue(alert);
            }
        }

        while (_outbox.TryPeek(out var next))
        {
            await _publisher.PublishAsync(next, ct);
            _outbox.Dequeue();
        }

        _backoff.Reset();
        await Task.Delay(Tick, _time, ct);
    }

    private void Failed(Exception ex, TimeSpan delay)
    {
        var id = _outbox.TryPeek(out var next) ? AlertRouting.MessageId(next) : "(none)";
        Log.AlertPublishRetrying(_logger, id, (long)delay.TotalMilliseconds, ex.Message);
    }
}
