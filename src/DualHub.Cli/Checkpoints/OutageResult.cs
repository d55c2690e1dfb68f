namespace DualHub.Cli.Checkpoints;

/// <summary>
/// The figures of one CentralHub outage drill. <c>Journaled</c> counts the samples EdgeHub committed to its journal while
/// CentralHub was down; <c>Lost</c>/<c>Duplicates</c> compare them, sample by sample, with CentralHub's journal afterwards.
/// </summary>
internal sealed record OutageResult(
    TimeSpan Outage,
    bool SawRetrying,
    long PendingPeak,
    TimeSpan? ReadyAfter,
    TimeSpan? DrainedAfter,
    long SentDelta,
    long DroppedDelta,
    int Journaled,
    int Series,
    long Lost,
    long Duplicates,
    long OutOfOrder,
    string Chosen,
    int ChosenJournaled,
    int ChosenAtCentral);
