using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Fuzz.Targets;

/// <summary>A series sink that caches nothing and counts the samples it is given.</summary>
internal sealed class CountingSink : ITextSeriesSink
{
    private int _series;

    public int Samples { get; private set; }

    public int Find(ReadOnlySpan<byte> rawSeries) => -1;

    public int Add(ReadOnlySpan<byte> rawSeries, string metricName, ReadOnlySpan<Label> labels) => _series++;

    public void Sample(int handle, double value, long? timestampMs) => Samples++;
}
