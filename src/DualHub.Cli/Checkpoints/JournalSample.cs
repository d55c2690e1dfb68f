namespace DualHub.Cli.Checkpoints;

/// <summary>One sample read from a sample journal: the record it is in, its series (labels as text), time and value bits (NaN-exact).</summary>
internal readonly record struct JournalSample(long Sequence, string Series, long TimestampMs, long ValueBits);
