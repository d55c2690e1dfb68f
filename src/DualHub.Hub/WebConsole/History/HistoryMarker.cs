namespace DualHub.Hub.WebConsole.History;

/// <summary>An event on the charts' time axis (a failover, a failback).</summary>
internal sealed record HistoryMarker(long UnixSeconds, string Text);
