namespace DualHub.Hub.CentralIngest;

/// <summary>
/// What the central filter did with one batch: samples kept (newer than the view, journaled), samples at the timestamp
/// the view already holds (duplicates) and older ones (out of order), both dropped.
/// </summary>
public readonly record struct IngestCounts(int Kept, int Duplicates, int OutOfOrder);
