namespace DualHub.Hub.CentralIngest;

/// <summary>
/// What the central filter did with one batch: samples kept (newer than the view, journaled), and the dropped ones:
/// samples the view already holds (duplicates: same timestamp, same value), older ones (out of order), and samples at
/// the held timestamp with another value (conflicts: a sender stamped two samples of a series with one instant).
/// </summary>
public readonly record struct IngestCounts(int Kept, int Duplicates, int OutOfOrder, int Conflicts)
{
    public IngestCounts Add(IngestCounts other) =>
        new(Kept + other.Kept, Duplicates + other.Duplicates, OutOfOrder + other.OutOfOrder, Conflicts + other.Conflicts);

    /// <summary>Samples of the batch not journaled: duplicates, out-of-order and conflicting ones.</summary>
    public int Dropped => Duplicates + OutOfOrder + Conflicts;
}
