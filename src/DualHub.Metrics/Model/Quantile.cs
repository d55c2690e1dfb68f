namespace DualHub.Metrics.Model;

/// <summary>One quantile of a summary.</summary>
public readonly record struct Quantile(double Q, double Value);
