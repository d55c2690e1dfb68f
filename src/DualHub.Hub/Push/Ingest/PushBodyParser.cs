using DualHub.Metrics.Model;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Push.Ingest;

/// <summary>Picks the body format like the Pushgateway: delimited protobuf for exactly its content type, text 0.0.4 for anything else.</summary>
internal static class PushBodyParser
{
    /// <summary>
    /// Parses a push, stopping at the first series beyond <paramref name="maxSeries"/>: a body of tiny lines would
    /// otherwise become many times its size in objects before the series limit is checked.
    /// </summary>
    public static List<MetricFamily> Parse(ReadOnlySpan<byte> body, string? contentType, int maxSeries = int.MaxValue)
    {
        if (ContentNegotiation.IsProtobufDelimited(contentType))
        {
            return ProtobufParser.ParseDelimited(body, maxSeries, ProtobufParser.DefaultMaxMessageBytes);
        }

        return TextParser.Parse(body, maxSeries);
    }
}
