namespace DualHub.Hub.SampleJournal;

/// <summary>A committed record's header: sequence, append time, sample count and payload size.</summary>
public readonly record struct JournalRecordInfo(long Sequence, long AppendedMs, int SampleCount, int Bytes);
