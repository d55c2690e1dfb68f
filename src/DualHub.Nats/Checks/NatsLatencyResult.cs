namespace DualHub.Nats.Checks;

/// <summary>Publish -> consume latency distribution (ms) and throughput of one measurement.</summary>
public sealed record NatsLatencyResult(int Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs, double ThroughputPerSecond)
{
    /// <summary>Every message in send order (empty when not recorded).</summary>
    public IReadOnlyList<NatsLatencySample> Samples { get; init; } = [];

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/> of the measuring clock) the sample times count from.</summary>
    public long StartTimestamp { get; init; }

    /// <summary>How many messages at or over p99 lost most of their time in each hop (<see cref="NatsLatencySample.SlowestHop"/>).</summary>
    public IReadOnlyDictionary<NatsLatencyHop, int> SlowHops() =>
        Samples.Where(s => s.LatencyMs >= P99Ms).GroupBy(s => s.SlowestHop).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    public override string ToString()
    {
        var text = FormattableString.Invariant($"n={Count} p50={P50Ms:0.000} ms p90={P90Ms:0.000} ms p99={P99Ms:0.000} ms max={MaxMs:0.000} ms, throughput {ThroughputPerSecond:0} msg/s");
        var hops = SlowHops();
        return hops.Count == 0 ? text : text + "; p99 messages late in: " + string.Join(", ", hops.Select(h => FormattableString.Invariant($"{h.Key.ToString().ToLowerInvariant()} {h.Value}")));
    }
}
