using DualHub.Hub.WebConsole.History;

namespace DualHub.Hub.WebConsole.Deployment;

/// <summary>
/// Learns agents' failovers and failbacks by comparing each probe's active hub with the previous one: a move away from
/// the first hub is a failover (reason: the left hub's last error as the agent reports it), a move back a failback.
/// Agents count their own switches too (<c>failovers</c>, <c>failbacks</c>); this adds the time and the reason.
/// </summary>
internal sealed class FailoverTracker(ConsoleHistory history)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FailoverEvent> _last = new(StringComparer.Ordinal);

    public void Observe(DeploymentSnapshot snapshot)
    {
        foreach (var probe in snapshot.OfKind("agent"))
        {
            if (probe.Json is not { } health)
            {
                continue;
            }

            var name = probe.Part.Name;
            var active = health.Obj("active_hub");
            var hub = active?.Str("name");
            var index = active?.Long("index") ?? -1;
            lock (_gate)
            {
                if (_active.TryGetValue(name, out var previous) && previous != hub && hub is not null)
                {
                    var kind = index == 0 ? "failback" : "failover";
                    var reason = health.Arr("hubs").FirstOrDefault(h => h.Str("name") == previous).Str("last_error");
                    var e = new FailoverEvent(snapshot.At, name, kind, previous, hub, reason);
                    _last[name] = e;
                    history.Mark(snapshot.At.ToUnixTimeSeconds(), $"{name}: {kind} {previous} -> {hub}");
                }

                if (hub is not null)
                {
                    _active[name] = hub;
                }
            }
        }
    }

    public FailoverEvent? Last(string agent)
    {
        lock (_gate)
        {
            return _last.GetValueOrDefault(agent);
        }
    }
}
