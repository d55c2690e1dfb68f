namespace DualHub.Hub.SampleJournal;

/// <summary>
/// An upstream's place in the journal: everything before record <see cref="Sequence"/> is acknowledged, and so
/// are the first <see cref="Entry"/> TimeSeries entries of that record.
/// </summary>
public readonly record struct CursorPosition(long Sequence, int Entry);
