using System.Globalization;
using System.Text.Json.Nodes;
using DualHub.Client.Nats;
using DualHub.Nats.Messaging;

namespace DualHub.Agents.ResourceManager;

/// <summary>
/// Turns the resource-manager's alert state into alerts on <c>observability.alerts.warning</c>: one when a resource
/// crosses its threshold, one (resolved) when it falls back below, nothing while it stays on one side.
/// </summary>
internal sealed class ThresholdAlerts(IAlertPublisher publisher)
{
    private Dictionary<(string Resource, string Path), double> _active = [];

    /// <summary>Compares with the previous call; returns how many alerts were published.</summary>
    public int Update(IEnumerable<(string Resource, string Path, double Value, double Threshold)> firing)
    {
        var now = new Dictionary<(string Resource, string Path), double>();
        var published = 0;
        foreach (var (resource, path, value, threshold) in firing)
        {
            now[(resource, path)] = threshold;
            if (!_active.ContainsKey((resource, path)))
            {
                publisher.PublishAlert(Alert(resource, path, value, threshold, resolved: false));
                published++;
            }
        }

        foreach (var ((resource, path), threshold) in _active)
        {
            if (!now.ContainsKey((resource, path)))
            {
                publisher.PublishAlert(Alert(resource, path, double.NaN, threshold, resolved: true));
                published++;
            }
        }

        _active = now;
        return published;
    }

    private static AgentAlert Alert(string resource, string path, double value, double threshold, bool resolved)
    {
        var what = path.Length == 0 ? resource : $"{resource} {path}";
        var summary = resolved
            ? string.Create(CultureInfo.InvariantCulture, $"{what} back below {threshold}%")
            : string.Create(CultureInfo.InvariantCulture, $"{what} at {value:0.#}% is above {threshold}%");
        var details = new JsonObject
        {
            ["resource"] = resource,
            ["path"] = path,
            ["value_percent"] = double.IsFinite(value) ? Math.Round(value, 2) : null,
            ["threshold_percent"] = threshold,
        };
        return new AgentAlert("resource_threshold", AlertSeverity.Warning, resolved, summary, details);
    }
}
