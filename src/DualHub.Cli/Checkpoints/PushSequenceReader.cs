using System.Globalization;
using System.Text.Json;
using DualHub.Cli.Up;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Reads each agent's pushed <c>dualhub_push_sequence</c> from a hub's push groups (<c>/api/v1/metrics</c>): how drills see
/// which batch a hub accepted by push. Not <c>/metrics</c>: CentralHub serves there what EdgeHub forwarded as well, so a
/// forwarded sample would look like a direct push.
/// </summary>
internal sealed class PushSequenceReader(HttpClient http, TimeProvider time)
{
    private const string Family = "dualhub_push_sequence";

    /// <summary>Sequence per agent job; missing when the hub holds no push of that agent (or does not answer).</summary>
    public async Task<Dictionary<string, long>> ReadAsync(Uri hub, IReadOnlyList<UpAgent> agents, CancellationToken ct)
    {
        var result = new Dictionary<string, long>();
        JsonDocument doc;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1), time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            await using var body = await http.GetStreamAsync(new Uri(hub, "/api/v1/metrics"), cts.Token);
            doc = await JsonDocument.ParseAsync(body, cancellationToken: cts.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return result;
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("data", out var groups) || groups.ValueKind != JsonValueKind.Array)
            {
                return result;
            }

            foreach (var g in groups.EnumerateArray())
            {
                if (!g.TryGetProperty("labels", out var labels) || !g.TryGetProperty(Family, out var family))
                {
                    continue;
                }

                var agent = agents.FirstOrDefault(a => Label(labels, "job") == a.Job && Label(labels, "instance") == a.Instance);
                if (agent is not null && family.TryGetProperty("metrics", out var metrics) && metrics.GetArrayLength() > 0
                    && metrics[0].TryGetProperty("value", out var value)
                    && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    result[agent.Job] = (long)v;
                }
            }
        }

        return result;
    }

    private static string? Label(JsonElement labels, string name) =>
        labels.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
