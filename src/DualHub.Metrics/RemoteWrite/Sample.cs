namespace DualHub.Metrics.RemoteWrite;

/// <summary>
/// One remote-write sample. <see cref="Value"/> keeps its exact bits through decode and encode, so a
/// stale marker (<see cref="StaleMarker"/>) stays a stale marker.
/// </summary>
public readonly record struct Sample(double Value, long TimestampMs);
