namespace DualHub.Hub;

/// <summary>When a hub started (its journal loaded): the wall-clock time for the status page and <c>process_start_time_seconds</c>, the timestamp for uptime.</summary>
internal readonly record struct HubStart(DateTimeOffset Time, long Timestamp)
{
    public double UnixSeconds => (Time - DateTimeOffset.UnixEpoch).TotalSeconds;

    public static HubStart Now(TimeProvider time) => new(time.GetUtcNow(), time.GetTimestamp());
}
