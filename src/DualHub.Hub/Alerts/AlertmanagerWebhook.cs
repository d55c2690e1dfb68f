using System.Globalization;
using System.Text.Json;
using DualHub.Metrics.Formatting;

namespace DualHub.Hub.Alerts;

/// <summary>
/// Reads the JSON Alertmanager's <c>webhook_configs</c> POST (<c>"version": "4"</c>): each of <c>alerts[]</c> with its
/// status, labels, annotations, start, end and fingerprint. Other members (group labels, external URL, ...) are
/// skipped. Reflection-free (<see cref="Utf8JsonReader"/>), so it runs in the NativeAOT build.
/// </summary>
public static class AlertmanagerWebhook
{
    public const string Source = "alertmanager";

    /// <summary>The alerts of one webhook call; throws <see cref="AlertWebhookException"/> naming the first problem.</summary>
    public static IReadOnlyList<AlertNotification> Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            return ReadDocument(ref reader);
        }
        catch (JsonException ex)
        {
            throw new AlertWebhookException($"invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // The reader checks a string's text only when it is read: invalid UTF-8 or a lone surrogate escape.
            throw new AlertWebhookException($"invalid JSON string near byte {reader.TokenStartIndex + 1}: {ex.Message}", ex);
        }
    }

    private static List<AlertNotification> ReadDocument(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new AlertWebhookException("expected a JSON object (Alertmanager's webhook payload)");
        }

        string? version = null;
        List<AlertNotification>? alerts = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "version":
                    version = String(ref reader, "version");
                    break;
                case "alerts":
                    alerts = ReadAlerts(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // Anything after the object (a second value) makes the reader throw, reported as invalid JSON.
        reader.Read();
        if (version != "4")
        {
            throw new AlertWebhookException(version is null ? "version: missing (Alertmanager sends \"4\")" : $"version: '{version}' is not \"4\"");
        }

        return alerts ?? throw new AlertWebhookException("alerts: missing");
    }

    private static List<AlertNotification> ReadAlerts(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray, "alerts", "an array");
        var alerts = new List<AlertNotification>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"alerts[{alerts.Count}]");
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new AlertWebhookException($"{at}: expected an object");
            }

            alerts.Add(ReadAlert(ref reader, at));
        }

        return alerts;
    }

    private static AlertNotification ReadAlert(ref Utf8JsonReader reader, string at)
    {
        string? status = null, starts = null, ends = null, fingerprint = null, generator = null;
        List<KeyValuePair<string, string>>? labels = null, annotations = null;
        while (NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "status":
                    status = String(ref reader, at + ".status");
                    break;
                case "labels":
                    labels = ReadStringMap(ref reader, at + ".labels");
                    break;
                case "annotations":
                    annotations = ReadStringMap(ref reader, at + ".annotations");
                    break;
                case "startsAt":
                    starts = String(ref reader, at + ".startsAt");
                    break;
                case "endsAt":
                    ends = String(ref reader, at + ".endsAt");
                    break;
                case "fingerprint":
                    fingerprint = String(ref reader, at + ".fingerprint");
                    break;
                case "generatorURL":
                    generator = String(ref reader, at + ".generatorURL");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        var resolved = status switch
        {
            "firing" => false,
            "resolved" => true,
            null => throw new AlertWebhookException($"{at}.status: missing"),
            _ => throw new AlertWebhookException($"{at}.status: '{status}' is neither firing nor resolved"),
        };
        labels ??= [];
        var startsAt = Time(starts ?? throw new AlertWebhookException($"{at}.startsAt: missing"), at + ".startsAt");
        DateTimeOffset? endsAt = null;
        if (resolved)
        {
            endsAt = Time(ends ?? throw new AlertWebhookException($"{at}.endsAt: missing on a resolved alert"), at + ".endsAt");
        }

        if (string.IsNullOrEmpty(fingerprint))
        {
            fingerprint = AlertFingerprint.Of(labels);
        }
        else if (!AlertFingerprint.IsWellFormed(fingerprint))
        {
            // It becomes part of the NATS msg id header: only Alertmanager's own form gets there.
            throw new AlertWebhookException($"{at}.fingerprint: '{fingerprint}' is not 16 hex digits (Alertmanager's form)");
        }

        return new AlertNotification(Source, resolved, labels, annotations ?? [], startsAt, endsAt, fingerprint, string.IsNullOrEmpty(generator) ? null : generator);
    }

    private static List<KeyValuePair<string, string>> ReadStringMap(ref Utf8JsonReader reader, string at)
    {
        Expect(ref reader, JsonTokenType.StartObject, at, "an object of strings");
        var map = new List<KeyValuePair<string, string>>();
        while (NextProperty(ref reader, out var name))
        {
            map.Add(new(name, String(ref reader, at + "." + name)));
        }

        map.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 1; i < map.Count; i++)
        {
            if (map[i].Key == map[i - 1].Key)
            {
                throw new AlertWebhookException($"{at}.{map[i].Key}: given twice");
            }
        }

        return map;
    }

    /// <summary>Moves to the next property's value; false at the end of the object.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndObject)
        {
            name = string.Empty;
            return false;
        }

        name = reader.GetString()!;
        if (!reader.Read())
        {
            throw new AlertWebhookException($"{name}: no value");
        }

        return true;
    }

    private static DateTimeOffset Time(string text, string at) =>
        GoTime.TryParseRfc3339(text, out var value) ? value : throw new AlertWebhookException($"{at}: '{text}' is not an RFC 3339 time");

    private static string String(ref Utf8JsonReader reader, string at) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new AlertWebhookException($"{at}: expected a string, got {Describe(reader.TokenType)}");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string at, string what)
    {
        if (reader.TokenType != token)
        {
            throw new AlertWebhookException($"{at}: expected {what}, got {Describe(reader.TokenType)}");
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
