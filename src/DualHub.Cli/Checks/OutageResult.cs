namespace DualHub.Cli.Checks;

/// <summary>
/// The figures of one CentralHub outage drill. <c>Journaled</c> counts the samples EdgeHub committed to its journal while
/// CentralHub was down; <c>Lost</c> compares them, sample by sample, with CentralHub's journal afterwards; <c>Duplicates</c> and
/// <c>OutOfOrder</c> count repeated and older-than-newest samples in CentralHub's journal; <c>DroppedHttp</c>/<c>DroppedNats</c>
/// are the second copies CentralHub dropped before its journal (-1 when its <c>/health</c> did not answer).
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
    int ChosenAtCentral,
    long DroppedHttp,
    long DroppedNats);
