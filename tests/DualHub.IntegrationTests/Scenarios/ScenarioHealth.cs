using System.Globalization;
using System.Text.Json;

namespace DualHub.IntegrationTests.Scenarios;

/// <summary>The agent's <c>/health</c> as a scenario reads it: values by the scenario's keys, and the documented shape.</summary>
internal static class ScenarioHealth
{
    private static readonly string[] Keys = ["status", "agent", "node", "active_hub", "hubs", "last_push", "sequence", "spool", "pushes_accepted", "push_attempts_failed", "failovers", "failbacks", "uptime_seconds", "time"];
    private static readonly string[] HubKeys = ["name", "url", "state", "active", "consecutive_failures", "last_success", "last_failure", "last_error", "next_probe"];

    /// <summary>The JSON, 200 or 503 alike; null while nothing answers.</summary>
    public static async Task<JsonElement?> GetAsync(HttpClient http, string url)
    {
        try
        {
            using var r = await http.GetAsync(new Uri(url));
            using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
            return doc.RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The active hub's name, <c>none</c> when there is none, null without an answer.</summary>
    public static string? Active(JsonElement? h) =>
        h is not { } e ? null : e.GetProperty("active_hub") is { ValueKind: JsonValueKind.Object } a ? a.GetProperty("name").GetString() : "none";

    /// <summary>One value as text, named as the scenario files name it (<c>active_hub</c>, <c>spool_batches</c>, <c>primary_state</c>, ...).</summary>
    public static string? Value(JsonElement? h, string key)
    {
        if (h is not { } e)
        {
            return null;
        }

        if (key == "active_hub")
        {
            return Active(h);
        }

        if (key.StartsWith("spool_", StringComparison.Ordinal))
        {
            return Text(e.GetProperty("spool").GetProperty(key["spool_".Length..]));
        }

        if (key.EndsWith("_state", StringComparison.Ordinal))
        {
            var hub = key[..^"_state".Length];
            return e.GetProperty("hubs").EnumerateArray().Where(x => x.GetProperty("name").GetString() == hub).Select(x => x.GetProperty("state").GetString()).FirstOrDefault();
        }

        return e.TryGetProperty(key, out var v) ? Text(v) : null;
    }

    /// <summary>Null when the keys are the documented ones in the documented order (docs/client.md), else what differs.</summary>
    public static string? ShapeProblem(JsonElement h)
    {
        var keys = Names(h);
        if (!keys.SequenceEqual(Keys) && !keys.SequenceEqual(Keys.Append("details")))
        {
            return "/health keys " + string.Join(",", keys);
        }

        if (h.GetProperty("hubs").EnumerateArray().Any(x => !Names(x).SequenceEqual(HubKeys)))
        {
            return "/health hub keys " + h.GetProperty("hubs");
        }

        return Names(h.GetProperty("spool")).SequenceEqual(["batches", "bytes", "dropped"]) && Names(h.GetProperty("last_push")).SequenceEqual(["sequence", "hub", "at"])
            && Names(h.GetProperty("active_hub")).SequenceEqual(["name", "url", "index"])
            ? null
            : "/health spool, last_push or active_hub keys: " + h;
    }

    private static List<string> Names(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    // Numbers compare as the scenario's plain scalars do (0, 1), whatever the client's JSON number format.
    private static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String => v.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
