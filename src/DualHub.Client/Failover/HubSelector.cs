using DualHub.Client.Options;
using DualHub.Core.Retry;

namespace DualHub.Client.Failover;

/// <summary>
/// The failover state machine. Pure logic over a <see cref="TimeProvider"/>: callers report push and probe results,
/// it decides which hub is active and when each hub is probed next.
/// <list type="bullet">
/// <item>Healthy: probed every <c>health_check_interval</c>; <c>failover_threshold</c> failed probes in a row, or one
/// batch failing <c>max_retries</c> attempts (reported by the sender), make it unhealthy.</item>
/// <item>Unhealthy: probed after <c>recovery_backoff</c> x <c>backoff_multiplier</c>^level, capped by <c>recovery_timeout</c>;
/// each failed probe raises the level.</item>
/// <item>Recovering: after a successful probe; probed every <c>recovery_backoff</c>; <c>recovery_successes</c> in a row
/// make it healthy (hysteresis), one failure sends it back to unhealthy one level higher. A hub that fails again within
/// <c>recovery_timeout</c> of recovering keeps its level, so a flapping hub is retried ever more slowly.</item>
/// </list>
/// The active hub is the first healthy one in priority order; with none healthy (panic), every hub is tried in order.
/// </summary>
internal sealed class HubSelector
{
    private readonly Lock _lock = new();
    private readonly HubEntry[] _hubs;
    private readonly ResolvedFailoverOptions _options;
    private readonly TimeProvider _time;
    private readonly Backoff _probeBackoff;
    private int _active;

    public HubSelector(IReadOnlyList<HubEndpoint> hubs, ResolvedFailoverOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfZero(hubs.Count);
        _options = options;
        _time = time;
        _probeBackoff = new Backoff(options.RecoveryBackoff, options.RecoveryTimeout, options.BackoffMultiplier);
        var now = time.GetUtcNow();
        _hubs = hubs.Select((h, i) => new HubEntry(i, h.Name, h.Url) { NextProbe = now }).ToArray();
    }

    public int Count => _hubs.Length;

    /// <summary>Index of the active hub, -1 when no hub is healthy.</summary>
    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    public bool IsHealthy(int index)
    {
        lock (_lock)
        {
            return _hubs[index].State == HubState.Healthy;
        }
    }

    public string NameOf(int index) => index < 0 ? "none" : _hubs[index].Name;

    public Uri UrlOf(int index) => _hubs[index].Url;

    /// <summary>Hubs to try for a batch, in order: the healthy ones; all of them when none is (panic).</summary>
    public int[] DeliveryOrder(out bool panic)
    {
        lock (_lock)
        {
            var healthy = _hubs.Where(h => h.State == HubState.Healthy).Select(h => h.Index).ToArray();
            panic = healthy.Length == 0;
            return panic ? _hubs.Select(h => h.Index).ToArray() : healthy;
        }
    }

    /// <summary>A push to <paramref name="index"/> was accepted: the hub is alive (and healthy again if panic brought us here).</summary>
    public ActiveHubChange? ReportPushSuccess(int index)
    {
        lock (_lock)
        {
            var h = _hubs[index];
            h.LastSuccess = _time.GetUtcNow();
            if (h.State != HubState.Healthy)
            {
                MakeHealthy(h);
            }

            return Recompute("push accepted by " + h.Name);
        }
    }

    /// <summary>A batch failed every fast retry on <paramref name="index"/> (passive health): the hub is unhealthy now.</summary>
    public ActiveHubChange? ReportPushFailure(int index, string error)
    {
        lock (_lock)
        {
            var h = _hubs[index];
            h.LastFailure = _time.GetUtcNow();
            h.LastError = error;
            if (h.State != HubState.Unhealthy)
            {
                MakeUnhealthy(h, h.State == HubState.Recovering);
            }

            return Recompute($"push to {h.Name} failed {_options.MaxRetries} times: {error}");
        }
    }

    /// <summary>Result of one active <c>/-/healthy</c> probe.</summary>
    public ActiveHubChange? ReportProbe(int index, bool ok, string? error = null)
    {
        lock (_lock)
        {
            var h = _hubs[index];
            var now = _time.GetUtcNow();
            if (ok)
            {
                h.LastSuccess = now;
            }
            else
            {
                h.LastFailure = now;
                h.LastError = error;
            }

            switch (h.State)
            {
                case HubState.Healthy when ok:
                    h.ProbeFailures = 0;
                    h.NextProbe = now + _options.HealthCheckInterval;
                    break;
                case HubState.Healthy:
                    h.ProbeFailures++;
                    if (h.ProbeFailures >= _options.FailoverThreshold)
                    {
                        MakeUnhealthy(h, raiseLevel: false);
                    }
                    else
                    {
                        h.NextProbe = now + _options.HealthCheckInterval;
                    }

                    break;
                case HubState.Unhealthy when ok:
                case HubState.Recovering when ok:
                    h.RecoverySuccesses++;
                    h.State = HubState.Recovering;
                    if (h.RecoverySuccesses >= _options.RecoverySuccesses)
                    {
                        MakeHealthy(h);
                        h.RecoveredAt = now;
                    }
                    else
                    {
                        h.NextProbe = now + _options.RecoveryBackoff;
                    }

                    break;
                case HubState.Unhealthy:
                    h.BackoffLevel++;
                    h.NextProbe = now + BackoffDelay(h.BackoffLevel);
                    break;
                case HubState.Recovering:
                    MakeUnhealthy(h, raiseLevel: true);
                    break;
            }

            return Recompute(ok ? $"{h.Name} recovered ({_options.RecoverySuccesses} probes in a row)" : $"{h.Name} failed {_options.FailoverThreshold} health probes in a row: {error}");
        }
    }

    /// <summary>Hubs whose probe is due now.</summary>
    public int[] DueProbes()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            return _hubs.Where(h => h.NextProbe <= now).Select(h => h.Index).ToArray();
        }
    }

    /// <summary>Time until the next probe is due (zero when one is due now).</summary>
    public TimeSpan UntilNextProbe()
    {
        lock (_lock)
        {
            var next = _hubs.Min(h => h.NextProbe) - _time.GetUtcNow();
            return next < TimeSpan.Zero ? TimeSpan.Zero : next;
        }
    }

    /// <summary>Fail-back probe delay at a backoff level: recovery_backoff x multiplier^level, capped by recovery_timeout.</summary>
    public TimeSpan BackoffDelay(int level) => _probeBackoff.Delay(level);

    public HubStatus[] Snapshot()
    {
        lock (_lock)
        {
            return _hubs.Select(h => new HubStatus(
                h.Index, h.Name, h.Url, h.State, h.Index == _active,
                h.State == HubState.Healthy ? h.ProbeFailures : h.BackoffLevel,
                h.LastSuccess, h.LastFailure, h.LastError, h.NextProbe)).ToArray();
        }
    }

    private void MakeHealthy(HubEntry h)
    {
        h.State = HubState.Healthy;
        h.ProbeFailures = 0;
        h.RecoverySuccesses = 0;
        h.NextProbe = _time.GetUtcNow() + _options.HealthCheckInterval;
    }

    private void MakeUnhealthy(HubEntry h, bool raiseLevel)
    {
        var now = _time.GetUtcNow();
        // A hub that breaks again soon after recovering keeps (and raises) its backoff level: no flapping.
        var flapped = h.RecoveredAt is { } r && now - r < _options.RecoveryTimeout;
        h.BackoffLevel = raiseLevel || flapped ? h.BackoffLevel + 1 : 0;
        h.State = HubState.Unhealthy;
        h.ProbeFailures = 0;
        h.RecoverySuccesses = 0;
        h.NextProbe = now + BackoffDelay(h.BackoffLevel);
    }

    private ActiveHubChange? Recompute(string reason)
    {
        var next = Array.FindIndex(_hubs, h => h.State == HubState.Healthy);
        if (next == _active)
        {
            return null;
        }

        var change = new ActiveHubChange(_active, next, reason);
        _active = next;
        return change;
    }
}
