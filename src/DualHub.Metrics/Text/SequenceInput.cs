using System.Buffers;
using DualHub.Metrics.Model;

namespace DualHub.Metrics.Text;

/// <summary>Runs a span parser over a <see cref="ReadOnlySequence{T}"/>, copying into a pooled buffer only when it has several segments.</summary>
internal static class SequenceInput
{
    public delegate List<MetricFamily> SpanParser(ReadOnlySpan<byte> input);

    public static List<MetricFamily> Parse(ReadOnlySequence<byte> input, SpanParser parser)
    {
        if (input.IsSingleSegment)
        {
            return parser(input.FirstSpan);
        }

        if (input.Length > Array.MaxLength)
        {
            throw new MetricsParseException($"input of {input.Length} bytes is too large to parse");
        }

        var length = (int)input.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            input.CopyTo(rented);
            return parser(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
