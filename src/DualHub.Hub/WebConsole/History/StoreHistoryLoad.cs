namespace DualHub.Hub.WebConsole.History;

/// <summary>One load of the last hour from the store: its time axis and series, or why the store gave none.</summary>
internal sealed record StoreHistoryLoad(DateTimeOffset At, long[] Times, Dictionary<string, double[]> Series, string? Error);
