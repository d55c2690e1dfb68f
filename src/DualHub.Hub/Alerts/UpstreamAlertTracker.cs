using System.Globalization;
using DualHub.Hub.Upstreams;

namespace DualHub.Hub.Alerts;

/// <summary>
/// The edge's own alert about one <c>remote_write</c> upstream, as a state machine over its status snapshots: it fires
/// once the upstream has acknowledged nothing (no 2xx) for <c>threshold</c> while data was waiting or it was retrying,
/// and resolves at the first 2xx after that. Fed by the monitor's clock; pure otherwise.
/// </summary>
public sealed class UpstreamAlertTracker
{
    public const string AlertName = "EdgeHubUpstreamFailing";

    public const string Source = "edgehub";

    private readonly string _upstream;
    private readonly string _node;
    private readonly TimeSpan _threshold;
    private readonly List<KeyValuePair<string, string>> _labels;
    private readonly string _fingerprint;
    private long _requestsSent = -1;
    private DateTimeOffset _lastGood;
    private AlertNotification? _firing;

    /// <param name="upstream">The upstream's name (its <c>upstream</c> label).</param>
    /// <param name="node">The edge's machine (NATS node), for the text; null when unknown.</param>
    /// <param name="externalLabels">The hub's <c>global.external_labels</c>, added to the alert's labels.</param>
    /// <param name="threshold">How long without a 2xx before it fires.</param>
    public UpstreamAlertTracker(string upstream, string? node, IReadOnlyDictionary<string, string> externalLabels, TimeSpan threshold)
    {
        ArgumentNullException.ThrowIfNull(externalLabels);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(threshold, TimeSpan.Zero);
        _upstream = upstream;
        _node = node ?? "edge";
        _threshold = threshold;
        var labels = new Dictionary<string, string>(externalLabels, StringComparer.Ordinal)
        {
            ["alertname"] = AlertName,
            ["severity"] = "urgent",
            ["upstream"] = upstream,
        };
        if (node is not null)
        {
            labels["node"] = node;
        }

        _labels = [.. labels.OrderBy(l => l.Key, StringComparer.Ordinal)];
        _fingerprint = AlertFingerprint.Of(_labels);
    }

    /// <summary>The alert while it fires, else null.</summary>
    public AlertNotification? Firing => _firing;

    /// <summary>
    /// Takes one status snapshot taken at <paramref name="now"/>; returns the alert to publish when it starts firing or
    /// resolves, else null.
    /// </summary>
    public AlertNotification? Observe(UpstreamStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        var acked = _requestsSent >= 0 && status.RequestsSent > _requestsSent;
        var idle = status.PendingRecords == 0 && status.State != UpstreamState.Retrying;
        var first = _requestsSent < 0;
        _requestsSent = status.RequestsSent;
        if (first || acked || idle)
        {
            _lastGood = now;
            if (_firing is null)
            {
                return null;
            }

            var resolved = _firing with { Resolved = true, EndsAt = now };
            _firing = null;
            return resolved;
        }

        if (_firing is not null || now - _lastGood < _threshold)
        {
            return null;
        }

        _firing = new AlertNotification(Source, false, _labels, Annotations(status, now), _lastGood, null, _fingerprint, null);
        return _firing;
    }

    private List<KeyValuePair<string, string>> Annotations(UpstreamStatus status, DateTimeOffset now)
    {
        var seconds = (now - _lastGood).TotalSeconds.ToString("0", CultureInfo.InvariantCulture);
        var summary = $"EdgeHub on {_node} has had no 2xx from upstream {_upstream} ({status.Url}) for {seconds} s; {status.PendingSamples.ToString(CultureInfo.InvariantCulture)} samples wait in its journal";
        if (status.LastError is { Length: > 0 } error)
        {
            summary += "; last error: " + error;
        }

        return
        [
            new("runbook", $"Check CentralHub and the network from {_node} to {status.Url}; nothing is lost while the sample journal holds the data (sample_journal.max_age, max_bytes): EdgeHub re-sends it once the upstream answers, and resolves this alert."),
            new("summary", summary),
        ];
    }
}
