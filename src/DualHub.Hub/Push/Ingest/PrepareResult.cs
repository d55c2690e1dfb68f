using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Ingest;

/// <summary>
/// A push made ready for the store: sanitized families, or a <see cref="Rejection"/> (a store-level refusal that
/// records the failure time, like the Pushgateway), or a <see cref="LimitError"/> (a hub limit: refused, nothing changes).
/// </summary>
internal sealed record PrepareResult(List<MetricFamily> Families, string? Rejection, string? LimitError, int LimitStatus = 400);
