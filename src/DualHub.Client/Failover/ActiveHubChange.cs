namespace DualHub.Client.Failover;

/// <summary>The active hub changed: <see cref="From"/> and <see cref="To"/> are hub indexes, -1 for "no hub".</summary>
internal readonly record struct ActiveHubChange(int From, int To, string Reason)
{
    /// <summary>True when the agent moved to a lower-priority hub or to none; false for a return to a higher-priority hub.</summary>
    public bool IsFailover => To == -1 || (From != -1 && To > From);
}
