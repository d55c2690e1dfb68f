using System.Collections.Concurrent;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Query;

/// <summary>The query proxy's self-metrics: requests by endpoint and outcome, requests in flight, latency by endpoint.</summary>
internal sealed class QueryProxyMetrics
{
    private readonly ConcurrentDictionary<(string Endpoint, QueryOutcome Outcome), long> _requests = new();
    private readonly ConcurrentDictionary<string, LatencyHistogram> _latency = new(StringComparer.Ordinal);
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    public void Observe(QueryRoute route, QueryOutcome outcome, TimeSpan elapsed)
    {
        _requests.AddOrUpdate((route.MetricName, outcome), 1, static (_, n) => n + 1);
        _latency.GetOrAdd(route.MetricName, static _ => new LatencyHistogram()).Observe(elapsed);
    }

    public long Count(QueryRoute route, QueryOutcome outcome) => _requests.TryGetValue((route.MetricName, outcome), out var n) ? n : 0;

    public List<MetricFamily> Collect()
    {
        var requests = new MetricFamily("dualhub_query_requests_total", MetricType.Counter) { Help = "Query API requests forwarded to the store, by endpoint and outcome." };
        foreach (var ((endpoint, outcome), n) in _requests.OrderBy(r => r.Key.Endpoint, StringComparer.Ordinal).ThenBy(r => r.Key.Outcome))
        {
            requests.Metrics.Add(new Metric { Labels = [new("endpoint", endpoint), new("outcome", OutcomeName(outcome))], Value = n });
        }

        var inFlight = new MetricFamily("dualhub_query_in_flight", MetricType.Gauge) { Help = "Query API requests being forwarded to the store now." };
        inFlight.Metrics.Add(new Metric { Value = InFlight });
        var latency = new MetricFamily("dualhub_query_duration_seconds", MetricType.Histogram) { Help = "Time to answer a forwarded query API request, body included, by endpoint." };
        foreach (var (endpoint, histogram) in _latency.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            latency.Metrics.Add(histogram.ToMetric([new("endpoint", endpoint)]));
        }

        return [requests, inFlight, latency];
    }

    public static string OutcomeName(QueryOutcome outcome) => outcome switch
    {
        QueryOutcome.Success => "success",
        QueryOutcome.BadData => "bad_data",
        QueryOutcome.StoreError => "store_error",
        QueryOutcome.Unavailable => "unavailable",
        QueryOutcome.Timeout => "timeout",
        QueryOutcome.ViewFallback => "view_fallback",
        QueryOutcome.Rejected => "rejected",
        _ => "canceled",
    };
}
