namespace DualHub.Metrics.RemoteWrite;

/// <summary>A remote-write 1.0 <c>prometheus.WriteRequest</c> (metadata, field 3, is skipped when read and not written).</summary>
public sealed class WriteRequest
{
    public List<TimeSeries> Series { get; } = [];
}
