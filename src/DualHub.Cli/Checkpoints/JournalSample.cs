namespace DualHub.Cli.Checkpoints;

/// <summary>
/// One sample read from a sample journal: the record it is in, its series (labels as text), time and value bits
/// (NaN-exact), and when the hub journaled it (its accept time: a pushed batch's sample carries the agent's batch time).
/// </summary>
internal readonly record struct JournalSample(long Sequence, string Series, long TimestampMs, long ValueBits, long AppendedMs);
