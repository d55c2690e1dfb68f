using System.Text.Json;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// CentralHub's ingest filter counters per path (<c>/health</c> <c>sample_journal.central_ingest</c>): samples journaled,
/// and second copies dropped before the journal (same timestamp as the view's newest, or older).
/// </summary>
internal sealed record CentralIngestStatus(IReadOnlyDictionary<string, (long Journaled, long Duplicates, long OutOfOrder)> Paths)
{
    public long Dropped(string path) => Paths.TryGetValue(path, out var p) ? p.Duplicates + p.OutOfOrder : 0;

    /// <summary>Reads <c>/health</c> of <paramref name="central"/>; null when it does not answer or has no such member.</summary>
    public static async Task<CentralIngestStatus?> ReadAsync(HttpClient http, Uri central, TimeProvider time, CancellationToken ct)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            await using var body = await http.GetStreamAsync(new Uri(central, "/health"), cts.Token);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: cts.Token);
            if (!doc.RootElement.TryGetProperty("sample_journal", out var j) || !j.TryGetProperty("central_ingest", out var ingest))
            {
                return null;
            }

            var paths = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
            foreach (var p in ingest.EnumerateObject())
            {
                paths[p.Name] = (p.Value.GetProperty("journaled").GetInt64(), p.Value.GetProperty("duplicates").GetInt64(), p.Value.GetProperty("out_of_order").GetInt64());
            }

            return new CentralIngestStatus(paths);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                      || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }
}
