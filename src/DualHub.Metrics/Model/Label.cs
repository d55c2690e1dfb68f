namespace DualHub.Metrics.Model;

/// <summary>One label pair. Label sets are kept as arrays sorted by <see cref="Name"/> (ordinal).</summary>
public readonly record struct Label(string Name, string Value);
