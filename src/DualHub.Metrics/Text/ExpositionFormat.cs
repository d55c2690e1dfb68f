namespace DualHub.Metrics.Text;

/// <summary>The exposition formats a scrape can be answered in.</summary>
public enum ExpositionFormat
{
    /// <summary>Text 0.0.4 (<see cref="TextWriter004.ContentType"/>), the default.</summary>
    Text004,

    /// <summary>OpenMetrics 1.0 (<see cref="OpenMetricsWriter.ContentType"/>).</summary>
    OpenMetrics,

    /// <summary>Varint-delimited protobuf <c>MetricFamily</c> messages.</summary>
    ProtobufDelimited,
}
