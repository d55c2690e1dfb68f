namespace DualHub.Agents.ObservabilityHub;

/// <summary>A hub or agent health URL the observability hub polls.</summary>
internal sealed record WatchTarget(string Name, Uri Url, string Kind);
