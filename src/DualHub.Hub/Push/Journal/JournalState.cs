namespace DualHub.Hub.Push.Journal;

/// <summary>What <c>/health</c> reports about the journal.</summary>
public sealed record JournalState(
    string Path,
    string Synchronous,
    long OpsSinceCompaction,
    long TotalCommits,
    long LastCommitMicros,
    long Compactions,
    string? LastCompaction,
    long SizeBytes,
    string? Error);
