using System.Net.Http.Headers;
using DualHub.Metrics.Model;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Ingest;

/// <summary>Picks the body format like the Pushgateway: delimited protobuf for exactly its content type, text 0.0.4 for anything else.</summary>
internal static class PushBodyParser
{
    public static List<MetricFamily> Parse(ReadOnlySpan<byte> body, string? contentType)
    {
        if (IsDelimitedProtobuf(contentType))
        {
            return ProtobufParser.ParseDelimited(body);
        }

        return TextParser.Parse(body);
    }

    public static bool IsDelimitedProtobuf(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var mt)
            || !string.Equals(mt.MediaType, "application/vnd.google.protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string? proto = null, encoding = null;
        foreach (var p in mt.Parameters)
        {
            if (string.Equals(p.Name, "proto", StringComparison.OrdinalIgnoreCase))
            {
                proto = p.Value?.Trim('"');
            }
            else if (string.Equals(p.Name, "encoding", StringComparison.OrdinalIgnoreCase))
            {
                encoding = p.Value?.Trim('"');
            }
        }

        return proto == "io.prometheus.client.MetricFamily" && encoding == "delimited";
    }
}
