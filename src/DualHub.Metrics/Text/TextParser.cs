using System.Buffers;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// Parser for the Prometheus text exposition format 0.0.4, exactly as lenient and as strict as
/// Go expfmt's <c>TextParser</c> used by Pushgateway 1.5.1 (same errors, same messages).
/// </summary>
public static class TextParser
{
    /// <summary>
    /// Parses a whole exposition. Families come in order of first appearance (families of the same
    /// name that are not adjacent are merged, as in Go); families without samples are dropped.
    /// Label sets are sorted by name. Summary and histogram counts are truncated to integers as Go's
    /// uint64 fields do.
    /// </summary>
    /// <exception cref="MetricsParseException">The input is not valid text 0.0.4; nothing else is thrown for bad input.</exception>
    public static List<MetricFamily> Parse(ReadOnlySpan<byte> utf8)
    {
        var core = new Text004Core(utf8);
        return core.Run();
    }

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte})"/>, stopping at the first series beyond <paramref name="maxSeries"/>
    /// (a <see cref="MetricsParseException"/> with <see cref="MetricsParseException.SeriesLimit"/> set), so an input of
    /// tiny lines costs no more than the limit.
    /// </summary>
    public static List<MetricFamily> Parse(ReadOnlySpan<byte> utf8, int maxSeries)
    {
        var core = new Text004Core(utf8, new Text004State(null) { MaxSeries = maxSeries });
        return core.Run();
    }

    /// <summary>
    /// Parses a whole exposition as <see cref="Parse(ReadOnlySpan{byte})"/> does (same acceptance, same errors), but
    /// gives every counter, gauge and untyped sample to <paramref name="sink"/> in line order instead of building
    /// families for them; only the other families (summary, histogram, gauge_histogram) are returned. On an error the
    /// sink may already hold samples of the lines before it.
    /// </summary>
    /// <exception cref="MetricsParseException">The input is not valid text 0.0.4.</exception>
    public static List<MetricFamily> Parse(ReadOnlySpan<byte> utf8, ITextSeriesSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var core = new Text004Core(utf8, sink);
        return core.Run();
    }

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static List<MetricFamily> Parse(ReadOnlySequence<byte> utf8) => SequenceInput.Parse(utf8, Parse);
}
