using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>Type names as client_golang prints them (protobuf enum names).</summary>
public static class TypeNames
{
    public static string Proto(MetricType t) => t switch
    {
        MetricType.Counter => "COUNTER",
        MetricType.Gauge => "GAUGE",
        MetricType.Summary => "SUMMARY",
        MetricType.Histogram => "HISTOGRAM",
        MetricType.GaugeHistogram => "GAUGE_HISTOGRAM",
        MetricType.Info => "INFO",
        MetricType.StateSet => "STATESET",
        _ => "UNTYPED",
    };
}
