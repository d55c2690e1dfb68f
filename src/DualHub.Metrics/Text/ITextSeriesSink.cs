using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// Takes the plain (counter, gauge, untyped) samples of a text 0.0.4 exposition as the parser reads them, and keeps
/// a series cache keyed by a line's raw series text (metric name and label block, byte for byte): a line whose raw
/// series text was added before is not tokenized again, since the same bytes under a plain type always give the same
/// labels. Used by <see cref="TextParser.Parse(ReadOnlySpan{byte}, ITextSeriesSink)"/>.
/// </summary>
public interface ITextSeriesSink
{
    /// <summary>The handle returned by <see cref="Add"/> for exactly these raw bytes, or -1.</summary>
    int Find(ReadOnlySpan<byte> rawSeries);

    /// <summary>
    /// A series whose raw text is not cached: its metric name and labels (sorted by name, without <c>__name__</c>).
    /// Returns a handle for <see cref="Sample"/>. An empty <paramref name="rawSeries"/> must not be cached.
    /// </summary>
    int Add(ReadOnlySpan<byte> rawSeries, string metricName, ReadOnlySpan<Label> labels);

    /// <summary>One sample of the series <paramref name="handle"/>, with its timestamp when the line had one.</summary>
    void Sample(int handle, double value, long? timestampMs);
}
