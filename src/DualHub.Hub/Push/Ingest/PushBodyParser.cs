using DualHub.Metrics.Model;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Push.Ingest;

/// <summary>Picks the body format like the Pushgateway: delimited protobuf for exactly its content type, text 0.0.4 for anything else.</summary>
internal static class PushBodyParser
{
    public static List<MetricFamily> Parse(ReadOnlySpan<byte> body, string? contentType)
    {
        if (ContentNegotiation.IsProtobufDelimited(contentType))
        {
            return ProtobufParser.ParseDelimited(body);
        }

        return TextParser.Parse(body);
    }
}
