using System.Buffers;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using Google.Protobuf;

namespace DualHub.Metrics.Protobuf;

/// <summary>Writes varint-length-delimited <c>io.prometheus.client.MetricFamily</c> messages.</summary>
public static class ProtobufWriter
{
    /// <summary>
    /// Writes one delimited message per family with metrics, in order. Info and stateset families are
    /// written as gauges (info as <c>&lt;name&gt;_info</c>); non-integral counts use the <c>*_float</c> fields.
    /// </summary>
    public static void WriteDelimited(IBufferWriter<byte> output, IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(families);
        foreach (var family in families)
        {
            if (family.Metrics.Count == 0)
            {
                continue;
            }

            var message = ProtobufConverter.FromModel(family);
            var size = message.CalculateSize();
            var span = output.GetSpan(size + 5);
            var n = WireWriter.WriteVarint(span, (uint)size);
            message.WriteTo(span.Slice(n, size));
            output.Advance(n + size);
        }
    }
}
