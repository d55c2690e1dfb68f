using System.Text.Json;

namespace DualHub.Cli.Checkpoints;

/// <summary>EdgeHub's forwarding state for one upstream and its journal head, as <c>/health</c> reports them.</summary>
internal sealed record EdgeForwardingStatus(string State, long PendingSamples, double LagSeconds, long SamplesSent, long SamplesDropped, long LastSequence)
{
    /// <summary>Reads <c>/health</c> of <paramref name="edge"/>; null when it does not answer or has no such upstream.</summary>
    public static async Task<EdgeForwardingStatus?> ReadAsync(HttpClient http, Uri edge, string upstream, TimeProvider time, CancellationToken ct)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            await using var body = await http.GetStreamAsync(new Uri(edge, "/health"), cts.Token);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cts.Token);
            var root = doc.RootElement;
            var last = root.TryGetProperty("sample_journal", out var j) ? j.GetProperty("last_sequence").GetInt64() : 0;
            if (!root.TryGetProperty("upstreams", out var ups))
            {
                return null;
            }

            foreach (var u in ups.EnumerateArray())
            {
                if (u.GetProperty("name").GetString() == upstream)
                {
                    return new EdgeForwardingStatus(
                        u.GetProperty("state").GetString() ?? "?",
                        u.GetProperty("pending_samples").GetInt64(),
                        u.GetProperty("lag_seconds").GetDouble(),
                        u.GetProperty("samples_sent").GetInt64(),
                        u.GetProperty("samples_dropped").GetInt64(),
                        last);
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                      || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }
}
