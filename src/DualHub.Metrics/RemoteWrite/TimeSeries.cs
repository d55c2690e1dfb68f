using DualHub.Metrics.Model;

namespace DualHub.Metrics.RemoteWrite;

/// <summary>A remote-write <c>TimeSeries</c>: the full label set (including <c>__name__</c>) and its samples in timestamp order.</summary>
public sealed class TimeSeries
{
    public Label[] Labels { get; set; } = [];

    public Sample[] Samples { get; set; } = [];
}
