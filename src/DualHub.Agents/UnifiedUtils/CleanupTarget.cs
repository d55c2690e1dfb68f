namespace DualHub.Agents.UnifiedUtils;

/// <summary>Files under <see cref="Path"/> matching <see cref="Pattern"/> and older than <see cref="OlderThan"/> are cleanup candidates.</summary>
internal sealed record CleanupTarget(string Category, string Path, TimeSpan OlderThan, string Pattern);
