using System.Buffers;
using System.Text.Json;
using DualHub.Metrics.Formatting;

namespace DualHub.Hub.Alerts;

/// <summary>
/// The JSON body of an alert on <c>observability.alerts.urgent|warning</c>: source, status, severity (as published),
/// labels, annotations, startsAt, endsAt (null while firing), fingerprint, generatorURL and, when the severity label
/// was missing or unknown, a note saying so.
/// </summary>
public static class AlertMessage
{
    /// <summary>Like Go's encoding/json: non-ASCII and '+' stay as they are.</summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(AlertNotification alert, string severity, string? note)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("source", alert.Source);
            w.WriteString("status", alert.Status);
            w.WriteString("severity", severity);
            if (note is not null)
            {
                w.WriteString("note", note);
            }

            Map(w, "labels", alert.Labels);
            Map(w, "annotations", alert.Annotations);
            w.WriteString("startsAt", GoTime.FormatRfc3339Nano(alert.StartsAt));
            if (alert.EndsAt is { } ends)
            {
                w.WriteString("endsAt", GoTime.FormatRfc3339Nano(ends));
            }
            else
            {
                w.WriteNull("endsAt");
            }

            w.WriteString("fingerprint", alert.Fingerprint);
            w.WriteString("generatorURL", alert.GeneratorUrl);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>> map)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }
}
