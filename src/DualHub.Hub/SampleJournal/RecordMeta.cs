namespace DualHub.Hub.SampleJournal;

/// <summary>What retention and lag need of a record, kept in memory so neither has to query the blobs.</summary>
internal readonly record struct RecordMeta(long Sequence, long AppendedMs, int SampleCount, int Bytes);
