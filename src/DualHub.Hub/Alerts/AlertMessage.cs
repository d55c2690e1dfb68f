using System.Buffers;
using System.Text.Json;
using DualHub.Metrics.Formatting;

namespace DualHub.Hub.Alerts;

/// <summary>
/// The JSON body of an alert on <c>observability.alerts.urgent|warning</c>: the members the agents' own alerts have
/// (kind = alertname, severity as published, state, summary, time: the start, or the end once resolved), then source,
/// status (= state), labels, annotations, startsAt, endsAt (null while firing), fingerprint, generatorURL and, when the
/// severity label was missing or unknown, a note saying so.
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
            w.WriteString("kind", alert.Label("alertname") ?? string.Empty);
            w.WriteString("severity", severity);
            w.WriteString("state", alert.Status);
            w.WriteString("summary", Annotation(alert, "summary"));
            w.WriteString("time", GoTime.FormatRfc3339Nano(alert.EndsAt ?? alert.StartsAt));
            w.WriteString("source", alert.Source);
            w.WriteString("status", alert.Status);
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

    private static string Annotation(AlertNotification alert, string name)
    {
        foreach (var (k, v) in alert.Annotations)
        {
            if (k == name)
            {
                return v;
            }
        }

        return string.Empty;
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
