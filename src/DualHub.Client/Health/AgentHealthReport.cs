using System.Text.Json;
using System.Text.Json.Nodes;
using DualHub.Client.Agent;
using DualHub.Client.Failover;

namespace DualHub.Client.Health;

/// <summary>The agent's health as served on <c>/health</c> (JSON shape in docs/client.md).</summary>
/// <param name="Status">Overall status.</param>
/// <param name="Agent">Agent name.</param>
/// <param name="Node">Node name.</param>
/// <param name="Hubs">Every hub with its state.</param>
/// <param name="Stats">Counters: sequence, spool, failovers.</param>
/// <param name="StartedAt">When the agent started.</param>
/// <param name="At">When this report was made.</param>
/// <param name="Details">Agent-specific details (alerts, watched targets), or null.</param>
public sealed record AgentHealthReport(
    AgentHealthStatus Status,
    string Agent,
    string Node,
    IReadOnlyList<HubStatus> Hubs,
    AgentStats Stats,
    DateTimeOffset StartedAt,
    DateTimeOffset At,
    JsonObject? Details)
{
    /// <summary>Writes the report as JSON (snake_case keys).</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteString("status", Lower(Status.ToString()));
        w.WriteString("agent", Agent);
        w.WriteString("node", Node);
        if (Stats.ActiveHubIndex >= 0)
        {
            var active = Hubs[Stats.ActiveHubIndex];
            w.WriteStartObject("active_hub");
            w.WriteString("name", active.Name);
            w.WriteString("url", active.Url.ToString());
            w.WriteNumber("index", active.Index);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("active_hub");
        }

        w.WriteStartArray("hubs");
        foreach (var h in Hubs)
        {
            w.WriteStartObject();
            w.WriteString("name", h.Name);
            w.WriteString("url", h.Url.ToString());
            w.WriteString("state", Lower(h.State.ToString()));
            w.WriteBoolean("active", h.Active);
            w.WriteNumber("consecutive_failures", h.ConsecutiveFailures);
            Time(w, "last_success", h.LastSuccess);
            Time(w, "last_failure", h.LastFailure);
            if (h.LastError is null)
            {
                w.WriteNull("last_error");
            }
            else
            {
                w.WriteString("last_error", h.LastError);
            }

            Time(w, "next_probe", h.NextProbe);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("last_push");
        w.WriteNumber("sequence", Stats.LastAcceptedSequence);
        if (Stats.LastAcceptedHub is null)
        {
            w.WriteNull("hub");
        }
        else
        {
            w.WriteString("hub", Stats.LastAcceptedHub);
        }

        Time(w, "at", Stats.LastAcceptedAt);
        w.WriteEndObject();
        w.WriteNumber("sequence", Stats.Sequence);
        w.WriteStartObject("spool");
        w.WriteNumber("batches", Stats.SpoolBatches);
        w.WriteNumber("bytes", Stats.SpoolBytes);
        w.WriteNumber("dropped", Stats.SpoolDropped);
        w.WriteEndObject();
        w.WriteNumber("pushes_accepted", Stats.PushesAccepted);
        w.WriteNumber("push_attempts_failed", Stats.PushAttemptsFailed);
        w.WriteNumber("failovers", Stats.Failovers);
        w.WriteNumber("failbacks", Stats.Failbacks);
        w.WriteNumber("uptime_seconds", Math.Round((At - StartedAt).TotalSeconds, 3));
        Time(w, "time", At);
        if (Details is not null)
        {
            w.WritePropertyName("details");
            Details.WriteTo(w);
        }

        w.WriteEndObject();
    }

    /// <summary>The report as a JSON string.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            WriteJson(w);
        }

        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Lower(string s) => s.ToLowerInvariant();

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } v)
        {
            w.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
