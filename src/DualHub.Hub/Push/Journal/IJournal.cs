using DualHub.Hub.Push.Store;

namespace DualHub.Hub.Push.Journal;

/// <summary>Durable log of store operations plus a per-group snapshot; used by the single writer only.</summary>
public interface IJournal : IDisposable
{
    /// <summary>Commits the operations in one transaction; returns once they are durable.</summary>
    void Append(IReadOnlyList<StoreOp> ops);

    /// <summary>Folds the given groups' current state into the snapshot (null = deleted) and truncates the log, atomically.</summary>
    void Compact(IEnumerable<KeyValuePair<string, MetricGroup?>> dirty, bool wiped);

    /// <summary>
    /// Loads the snapshot and replays the log into <paramref name="store"/>. The result names what the replayed ops
    /// touched: the next compaction must fold those groups too, since it empties the log.
    /// </summary>
    JournalLoad LoadInto(PushStore store);

    JournalState State { get; }

    long OpsSinceCompaction { get; }
}
