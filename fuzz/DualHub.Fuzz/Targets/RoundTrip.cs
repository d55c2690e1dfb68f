using System.Buffers;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Fuzz.Targets;

/// <summary>What a parser accepted and a writer wrote must parse again: the hub re-exposes what it was pushed.</summary>
internal static class RoundTrip
{
    public delegate List<MetricFamily> Parser(ReadOnlySpan<byte> input);

    public delegate void Writer(IBufferWriter<byte> output, IEnumerable<MetricFamily> families);

    /// <summary>A target for an exposition format: parse, and when accepted write and parse again.</summary>
    public static FuzzOutcome ParseAndReparse(ReadOnlySpan<byte> input, string format, Parser parse, Writer write)
    {
        List<MetricFamily> families;
        try
        {
            families = parse(input);
        }
        catch (MetricsParseException)
        {
            return FuzzOutcome.Refused;
        }

        Reparse(format, families, parse, write);
        return FuzzOutcome.Accepted;
    }

    public static void Reparse(string format, List<MetricFamily> families, Parser parse, Writer write)
    {
        var written = new ArrayBufferWriter<byte>();
        write(written, families);
        try
        {
            _ = parse(written.WrittenSpan);
        }
        catch (MetricsParseException ex)
        {
            throw new FuzzInvariantException($"{format} written from accepted input does not parse again: {ex.Message}", ex);
        }
    }
}
