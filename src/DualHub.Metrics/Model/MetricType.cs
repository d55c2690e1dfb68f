namespace DualHub.Metrics.Model;

/// <summary>Metric family types of the Prometheus text 0.0.4, OpenMetrics 1.0 and protobuf formats.</summary>
public enum MetricType
{
    Untyped = 0,
    Counter,
    Gauge,
    Summary,
    Histogram,
    GaugeHistogram,
    Info,
    StateSet,
}
