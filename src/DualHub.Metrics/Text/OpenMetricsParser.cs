using System.Buffers;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>
/// Parser for OpenMetrics 1.0 text: <c># EOF</c> required, HELP/TYPE/UNIT descriptors, all eight
/// types, <c>_created</c>, timestamps in (float) seconds, exemplars parsed and dropped.
/// </summary>
public static class OpenMetricsParser
{
    /// <summary>
    /// Parses a whole exposition. In the model a counter family <c>x</c> is named <c>x_total</c>
    /// (its sample name, as in text 0.0.4), an info family keeps its name without <c>_info</c>,
    /// timestamps become milliseconds (rounded). Families without samples are dropped.
    /// </summary>
    /// <exception cref="MetricsParseException">The input is not valid OpenMetrics; nothing else is thrown for bad input.</exception>
    public static List<MetricFamily> Parse(ReadOnlySpan<byte> utf8)
    {
        var core = new OpenMetricsCore(utf8);
        return core.Run();
    }

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static List<MetricFamily> Parse(ReadOnlySequence<byte> utf8) => SequenceInput.Parse(utf8, Parse);
}
