namespace DualHub.Agents.UnifiedUtils;

/// <summary>What one scan found: sizes of the watched paths and cleanup candidates per target.</summary>
internal sealed record ScanResult(
    IReadOnlyList<(string Path, long Bytes, long Files)> PathUsage,
    IReadOnlyList<(CleanupTarget Target, long Files, long Bytes)> Candidates,
    TimeSpan Duration,
    bool Truncated);
