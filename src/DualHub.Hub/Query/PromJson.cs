using System.Buffers;
using System.Text.Json;
using DualHub.Hub.CentralIngest;
using DualHub.Metrics.Formatting;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Query;

/// <summary>Prometheus HTTP API JSON envelopes (<c>status</c>, <c>data</c>, <c>errorType</c>, <c>error</c>).</summary>
internal static class PromJson
{
    public static void Vector(IBufferWriter<byte> output, List<SeriesSample> samples, long evalMs, string? warning = null)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteStartObject("data");
        w.WriteString("resultType", "vector");
        w.WriteStartArray("result");
        Span<byte> value = stackalloc byte[GoFloat.MaxFixedLength];
        foreach (var s in samples)
        {
            w.WriteStartObject();
            WriteLabels(w, "metric", s.Labels);
            w.WriteStartArray("value");
            w.WriteRawValue(value[..GoFloat.FormatF(evalMs / 1000.0, value)]);
            w.WriteStringValue(value[..GoFloat.FormatF(s.Value, value)]);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        if (warning is not null)
        {
            w.WriteStartArray("warnings");
            w.WriteStringValue(warning);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    public static void Series(IBufferWriter<byte> output, IEnumerable<Label[]> series)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteStartArray("data");
        foreach (var labels in series)
        {
            WriteLabels(w, null, labels);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Error(IBufferWriter<byte> output, string errorType, string message)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("status", "error");
        w.WriteString("errorType", errorType);
        w.WriteString("error", message);
        w.WriteEndObject();
    }

    private static void WriteLabels(Utf8JsonWriter w, string? property, Label[] labels)
    {
        if (property is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(property);
        }

        foreach (var l in labels)
        {
            w.WriteString(l.Name, l.Value);
        }

        w.WriteEndObject();
    }
}
