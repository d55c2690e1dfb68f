using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Fuzz.Targets;

/// <summary>
/// Text 0.0.4 (what the push API parses): the whole-body parser, the streaming parser the scrapes use (cut at a line
/// feed) must decide the same, and what was accepted must parse again once written.
/// </summary>
internal static class TextTarget
{
    public static FuzzOutcome Run(ReadOnlySpan<byte> input)
    {
        List<MetricFamily> families;
        try
        {
            families = TextParser.Parse(input);
        }
        catch (MetricsParseException ex)
        {
            if (StreamParse(input, out _) is null)
            {
                throw new FuzzInvariantException($"the streaming parser accepts what the whole-body parser refuses: {ex.Message}");
            }

            return FuzzOutcome.Refused;
        }

        if (StreamParse(input, out var plainSamples) is { } streamError)
        {
            throw new FuzzInvariantException($"the streaming parser refuses what the whole-body parser accepts: {streamError}");
        }

        var expected = families.Where(f => f.Type is MetricType.Counter or MetricType.Gauge or MetricType.Untyped).Sum(f => f.Metrics.Count);
        if (expected != plainSamples)
        {
            throw new FuzzInvariantException($"the streaming parser gave {plainSamples} plain samples, the whole-body parser {expected}");
        }

        RoundTrip.Reparse("text 0.0.4", families, TextParser.Parse, TextWriter004.Write);
        return FuzzOutcome.Accepted;
    }

    /// <summary>Parses with <see cref="TextStreamParser"/> fed up to the middle line feed; the error message, or null.</summary>
    private static string? StreamParse(ReadOnlySpan<byte> input, out int plainSamples)
    {
        var sink = new CountingSink();
        var parser = new TextStreamParser(sink);
        var cut = input[..(input.Length / 2)].LastIndexOf((byte)'\n') + 1;
        try
        {
            parser.Feed(input[..cut]);
            var rest = parser.Complete(input[cut..]);
            plainSamples = sink.Samples;
            return null;
        }
        catch (MetricsParseException ex)
        {
            plainSamples = sink.Samples;
            return ex.Message;
        }
    }
}
