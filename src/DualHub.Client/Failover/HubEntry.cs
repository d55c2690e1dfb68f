namespace DualHub.Client.Failover;

/// <summary>Mutable per-hub state of <see cref="HubSelector"/>; guarded by the selector's lock.</summary>
internal sealed class HubEntry(int index, string name, Uri url)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public Uri Url { get; } = url;

    public HubState State { get; set; } = HubState.Healthy;

    public int ProbeFailures { get; set; }

    public int RecoverySuccesses { get; set; }

    public int BackoffLevel { get; set; }

    public DateTimeOffset NextProbe { get; set; }

    public DateTimeOffset? LastSuccess { get; set; }

    public DateTimeOffset? LastFailure { get; set; }

    public DateTimeOffset? RecoveredAt { get; set; }

    public string? LastError { get; set; }
}
