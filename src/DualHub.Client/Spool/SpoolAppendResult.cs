namespace DualHub.Client.Spool;

/// <summary>What an append to the spool dropped to stay within its bounds.</summary>
internal readonly record struct SpoolAppendResult(int DroppedBatches, long DroppedBytes, long FirstDroppedSequence, long LastDroppedSequence);
