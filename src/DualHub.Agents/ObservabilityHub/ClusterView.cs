using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DualHub.Agents.ObservabilityHub;

/// <summary>
/// The cluster's health as read from the <c>observability-health</c> stream: the newest report of every (node, agent).
/// An older report (a redelivery, a leaf catching up) never replaces a newer one.
/// </summary>
internal sealed class ClusterView
{
    private const int MaxReportBytes = 1 << 20;
    private const int MaxAgents = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Node, string Agent), ClusterAgentState> _agents = [];
    private readonly TimeProvider _time;

    public ClusterView(TimeProvider time, TimeSpan staleAfter)
    {
        _time = time;
        StaleAfter = staleAfter;
    }

    /// <summary>A report older than this marks its agent down (default 90 s: three of the plan's 30 s health intervals).</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>Reports read; reports skipped as not an agent's health JSON.</summary>
    public long Received { get; private set; }

    public long Invalid { get; private set; }

    public IReadOnlyList<ClusterAgentState> Snapshot()
    {
        lock (_lock)
        {
            return [.. _agents.Values.OrderBy(a => a.Node, StringComparer.Ordinal).ThenBy(a => a.Agent, StringComparer.Ordinal)];
        }
    }

    public bool IsUp(ClusterAgentState s) => Age(s) <= StaleAfter && s.Status != "unhealthy";

    public TimeSpan Age(ClusterAgentState s)
    {
        var age = _time.GetUtcNow() - s.ReportedAt;
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    /// <summary>Reads one health message; false (and counted) when it is not an agent's health JSON.</summary>
    public bool Apply(ReadOnlySpan<byte> json, string subject, ulong streamSequence, DateTimeOffset storedAt)
    {
        var state = Parse(json, subject, streamSequence, storedAt);
        lock (_lock)
        {
            Received++;
            if (state is null)
            {
                Invalid++;
                return false;
            }

            var key = (state.Node, state.Agent);
            if (_agents.TryGetValue(key, out var old) ? old.ReportedAt <= state.ReportedAt : _agents.Count < MaxAgents)
            {
                _agents[key] = state;
            }

            return true;
        }
    }

    public JsonObject ToJson()
    {
        var agents = new JsonArray();
        foreach (var s in Snapshot())
        {
            agents.Add((JsonNode)new JsonObject
            {
                ["node"] = s.Node,
                ["agent"] = s.Agent,
                ["up"] = IsUp(s),
                ["status"] = s.Status,
                ["active_hub"] = s.ActiveHub,
                ["age_seconds"] = Math.Round(Age(s).TotalSeconds, 1),
                ["reported_at"] = s.ReportedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                ["spool_batches"] = s.SpoolBatches,
                ["subject"] = s.Subject,
            });
        }

        return new JsonObject { ["agents"] = agents, ["reports_received"] = Received, ["reports_invalid"] = Invalid };
    }

    /// <summary>Gauges of the view on the agent's meter: labels <c>agent</c>, <c>node</c>.</summary>
    public void Register(Meter meter)
    {
        meter.CreateObservableGauge("dualhub_cluster_agent_up", () => Each(s => IsUp(s) ? 1 : 0), description: "1 when the agent's last health report on NATS is recent (health_stale_after) and not unhealthy.");
        meter.CreateObservableGauge("dualhub_cluster_agent_health_age_seconds", () => Each(s => Age(s).TotalSeconds), description: "Age of the agent's last health report on NATS.");
        meter.CreateObservableGauge("dualhub_cluster_agent_status", () => Each(s => s.Status switch { "healthy" => 0, "degraded" => 1, "unhealthy" => 2, _ => -1 }), description: "Status in the agent's last health report: 0 healthy, 1 degraded, 2 unhealthy, -1 unknown.");
        meter.CreateObservableGauge("dualhub_cluster_agent_active_hub_index", () => Each(s => s.ActiveHubIndex), description: "Active hub in the agent's last health report (0 = primary, -1 = none).");
    }

    private static ClusterAgentState? Parse(ReadOnlySpan<byte> json, string subject, ulong streamSequence, DateTimeOffset storedAt)
    {
        if (json.IsEmpty || json.Length > MaxReportBytes)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "agent") is not { Length: > 0 and <= 256 } agent || Str(root, "node") is not { Length: > 0 and <= 256 } node)
            {
                return null;
            }

            var at = Str(root, "time") is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : storedAt;
            var active = root.TryGetProperty("active_hub", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            return new ClusterAgentState(
                node,
                agent,
                Str(root, "status") ?? "unknown",
                active.ValueKind == JsonValueKind.Object ? Str(active, "name") : null,
                active.ValueKind == JsonValueKind.Object && active.TryGetProperty("index", out var i) && i.TryGetInt32(out var idx) ? idx : -1,
                root.TryGetProperty("spool", out var sp) && sp.ValueKind == JsonValueKind.Object && sp.TryGetProperty("batches", out var b) && b.TryGetInt64(out var n) ? n : null,
                root.TryGetProperty("failovers", out var f) && f.TryGetInt64(out var fo) ? fo : null,
                at,
                subject,
                streamSequence);
        }
        catch (JsonException)
        {
            return null;
        }

        static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private IEnumerable<Measurement<double>> Each(Func<ClusterAgentState, double> f) =>
        Snapshot().Select(s => new Measurement<double>(f(s), new KeyValuePair<string, object?>("agent", s.Agent), new KeyValuePair<string, object?>("node", s.Node)));
}
