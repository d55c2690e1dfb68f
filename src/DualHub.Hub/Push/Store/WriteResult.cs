namespace DualHub.Hub.Push.Store;

/// <summary>Result of a submitted write, once it is journaled (or refused).</summary>
public readonly record struct WriteResult(WriteStatus Status, string? Message = null);
