using System.Text.Json;

namespace DualHub.Hub.WebConsole.History;

/// <summary>
/// The one writer of <c>/console/history.json</c>, whichever source filled it:
/// <c>{"interval":10,"source":"store"|"memory","store_error":..,"t":[...],"series":{"name":[v|null,...]},"markers":[{"t":..,"text":..}]}</c>.
/// </summary>
internal static class HistoryJson
{
    public const string Store = "store";

    public const string Memory = "memory";

    /// <param name="w">Where the object goes.</param>
    /// <param name="source"><see cref="Store"/> or <see cref="Memory"/>.</param>
    /// <param name="storeError">Why the store was not used although one is configured, or null.</param>
    /// <param name="interval">Seconds between points.</param>
    /// <param name="times">Unix seconds of each point.</param>
    /// <param name="series">Each series' values, one per time (NaN = no value), written in name order.</param>
    /// <param name="markers">Events on the time axis.</param>
    public static void Write(Utf8JsonWriter w, string source, string? storeError, double interval, IReadOnlyList<long> times, IEnumerable<KeyValuePair<string, double[]>> series, IReadOnlyList<HistoryMarker> markers)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteStartObject();
        w.WriteNumber("interval", interval);
        w.WriteString("source", source);
        if (storeError is not null)
        {
            w.WriteString("store_error", storeError);
        }

        w.WriteStartArray("t");
        foreach (var t in times)
        {
            w.WriteNumberValue(t);
        }

        w.WriteEndArray();
        w.WriteStartObject("series");
        foreach (var (name, values) in series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            w.WriteStartArray(name);
            foreach (var v in values)
            {
                if (double.IsFinite(v))
                {
                    w.WriteNumberValue(Math.Round(v, 4));
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteStartArray("markers");
        foreach (var m in markers)
        {
            w.WriteStartObject();
            w.WriteNumber("t", m.UnixSeconds);
            w.WriteString("text", m.Text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
