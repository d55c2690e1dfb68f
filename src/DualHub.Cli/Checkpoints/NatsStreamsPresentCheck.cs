using System.Globalization;
using System.Text.Json;
using DualHub.Nats.Streams;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// The plan's streams and consumers exist on running servers, read from each server's monitoring
/// <c>/jsz?accounts=true&amp;streams=true&amp;consumers=true</c> (read only: nothing is created).
/// </summary>
internal sealed class NatsStreamsPresentCheck(IReadOnlyList<(string Name, string MonitorUrl, IReadOnlyList<string> Consumers)> servers, HttpClient http) : ICheck
{
    private const int MaxBody = 4 << 20;

    public string Name => "nats streams present";

    public string Id => CheckIds.NatsStreams;

    public string Target => "every server holds the plan's three streams and its consumers";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var parts = new List<string>();
        var missing = new List<string>();
        int streams = 0, consumers = 0;
        foreach (var (name, monitor, expectedConsumers) in servers)
        {
            var (s, c) = await ReadAsync(new Uri(new Uri(monitor), "/jsz?accounts=true&streams=true&consumers=true"), ct);
            streams += s.Count;
            consumers += c.Count;
            missing.AddRange(ObservabilityStreams.All.Select(x => x.Name).Where(x => !s.Contains(x)).Select(x => $"{name}: stream {x}"));
            missing.AddRange(expectedConsumers.Where(x => !c.Contains(x)).Select(x => $"{name}: consumer {x}"));
            parts.Add($"{name} {s.Count.ToString(CultureInfo.InvariantCulture)} streams, {c.Count.ToString(CultureInfo.InvariantCulture)} consumers");
        }

        var ok = servers.Count > 0 && missing.Count == 0;
        return new CheckResult(Name, ok, string.Join("; ", parts) + (missing.Count > 0 ? "; missing: " + string.Join(", ", missing) : string.Empty))
        {
            Values = [new Measurement("streams", streams, "streams"), new Measurement("consumers", consumers, "consumers"), new Measurement("missing", missing.Count, "streams/consumers")],
        };
    }

    private async Task<(HashSet<string> Streams, HashSet<string> Consumers)> ReadAsync(Uri url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxBody)
        {
            throw new InvalidOperationException($"{url}: response larger than {MaxBody} bytes");
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{url}: not JetStream monitoring JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var streams = new HashSet<string>(StringComparer.Ordinal);
            var consumers = new HashSet<string>(StringComparer.Ordinal);
            foreach (var account in Array(doc.RootElement, "account_details"))
            {
                foreach (var stream in Array(account, "stream_detail"))
                {
                    if (Str(stream, "name") is { } s)
                    {
                        streams.Add(s);
                    }

                    foreach (var consumer in Array(stream, "consumer_detail"))
                    {
                        if (Str(consumer, "name") is { } c)
                        {
                            consumers.Add(c);
                        }
                    }
                }
            }

            return (streams, consumers);
        }
    }

    private static List<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Array ? [.. p.EnumerateArray()] : [];

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
