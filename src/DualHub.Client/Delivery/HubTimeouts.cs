using DualHub.Client.Options;

namespace DualHub.Client.Delivery;

/// <summary>
/// Each hub's request timeout, derived from the latency it has shown: <c>push_timeout_factor</c> x the
/// <c>push_timeout_percentile</c> of its last <c>latency_window</c> answered requests (pushes and probes), clamped to
/// [<c>push_timeout_min</c>, <c>push_timeout_max</c>]. A hub with fewer than <c>latency_min_samples</c> answers gets
/// <c>push_timeout</c> (at most the ceiling), as without adaptation: a hub that hangs early is left as fast as before.
/// Every hub that is not healthy gets the ceiling: the probes that bring a hub back may take that long (and teach the
/// window a slower link). A timed-out request adds nothing (its
/// latency is unknown). With <c>adaptive_timeout: false</c> every request gets <c>push_timeout</c>.
/// </summary>
internal sealed class HubTimeouts
{
    private readonly Lock _lock = new();
    private readonly LatencyWindow[] _windows;
    private readonly ResolvedFailoverOptions _options;

    public HubTimeouts(int hubs, ResolvedFailoverOptions options)
    {
        _options = options;
        _windows = Enumerable.Range(0, hubs).Select(_ => new LatencyWindow(options.LatencyWindow)).ToArray();
    }

    /// <summary>Timeout of the next request to hub <paramref name="index"/>.</summary>
    public TimeSpan For(int index, bool healthy)
    {
        if (!_options.AdaptiveTimeout)
        {
            return _options.PushTimeout;
        }

        if (!healthy)
        {
            return _options.PushTimeoutMax;
        }

        lock (_lock)
        {
            var w = _windows[index];
            if (w.Count < _options.LatencyMinSamples)
            {
                return _options.PushTimeout < _options.PushTimeoutMax ? _options.PushTimeout : _options.PushTimeoutMax;
            }

            var derived = w.Percentile(_options.PushTimeoutPercentile) * _options.PushTimeoutFactor;
            return derived < _options.PushTimeoutMin ? _options.PushTimeoutMin
                : derived > _options.PushTimeoutMax ? _options.PushTimeoutMax
                : derived;
        }
    }

    /// <summary>Hub <paramref name="index"/> answered (any HTTP status) after <paramref name="latency"/>.</summary>
    public void Record(int index, TimeSpan latency)
    {
        lock (_lock)
        {
            _windows[index].Add(latency);
        }
    }
}
