using System.Text.Json;

namespace DualHub.Hub.Upstreams;

/// <summary>The members every journal upstream's object in <c>/health</c> shares, written from its status.</summary>
internal static class UpstreamHealth
{
    /// <summary>The state as <c>/health</c> names it; <paramref name="sending"/> is the upstream's word for sending.</summary>
    public static string StateName(UpstreamState state, string sending = "sending") =>
        state == UpstreamState.Sending ? sending : state.ToString().ToLowerInvariant();

    /// <summary><c>state</c>, <c>pending_samples</c>, <c>pending_records</c>, <c>lag_seconds</c>.</summary>
    public static void WriteBacklog(Utf8JsonWriter w, string state, UpstreamStatus s)
    {
        w.WriteString("state", state);
        w.WriteNumber("pending_samples", s.PendingSamples);
        w.WriteNumber("pending_records", s.PendingRecords);
        w.WriteNumber("lag_seconds", Math.Round(s.LagSeconds, 3));
    }

    /// <summary>
    /// <c>samples_dropped</c> (refused and lost to retention), the same by reason (<c>samples_dropped_refused</c>,
    /// <c>samples_dropped_retention</c>: the console's loss ledger) and <c>last_error</c>.
    /// </summary>
    public static void WriteDropped(Utf8JsonWriter w, UpstreamStatus s)
    {
        w.WriteNumber("samples_dropped", s.SamplesDropped + s.SamplesDroppedByRetention);
        w.WriteNumber("samples_dropped_refused", s.SamplesDropped);
        w.WriteNumber("samples_dropped_retention", s.SamplesDroppedByRetention);
        w.WriteString("last_error", s.LastError);
    }
}
