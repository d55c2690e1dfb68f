using DualHub.Metrics.Model;

namespace DualHub.Hub.CentralIngest;

/// <summary>The newest sample of one series: labels sorted by name, <c>__name__</c> included.</summary>
public sealed record SeriesSample(Label[] Labels, long TimestampMs, double Value);
