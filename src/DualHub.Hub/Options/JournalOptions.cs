namespace DualHub.Hub.Options;

/// <summary>The SQLite journal under the data directory.</summary>
public sealed record JournalOptions
{
    /// <summary>
    /// <c>full</c> (default): every commit is fsync'd before the write is acknowledged, so an acknowledged write
    /// survives a power loss. <c>normal</c>: WAL commits are not fsync'd; they survive kill -9 (the OS has the pages)
    /// but not a power loss.
    /// </summary>
    public string Synchronous { get; internal init; } = "full";

    /// <summary>How often dirty groups are folded into the snapshot and the journal truncated. Default 30 s.</summary>
    public TimeSpan CompactInterval { get; internal init; } = TimeSpan.FromSeconds(30);

    /// <summary>Also compact once this many operations are journaled since the last compaction. Default 5000.</summary>
    public int CompactAfterOps { get; internal init; } = 5000;
}
