using System.Globalization;
using System.Text.Json;
using DualHub.Cli.Up;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Health crosses the machines: every agent publishes its health on PC2's NATS, MainPC's stream sources it, and
/// ObservabilityHub (reading MainPC's health stream) lists every agent as up in its <c>/health</c> cluster view.
/// </summary>
internal sealed class ClusterHealthCheck(UpAgent observer, IReadOnlyList<UpAgent> agents, HttpClient http, TimeProvider time) : ICheck
{
    public string Name => "health pc2 -> mainpc over NATS";

    public string Id => CheckIds.ClusterHealth;

    public string Target => "ObservabilityHub's cluster view (MainPC's health stream) shows every agent up within 40 s";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var start = time.GetTimestamp();
        var up = new HashSet<string>(StringComparer.Ordinal);
        long received = 0;
        while (time.GetElapsedTime(start) < TimeSpan.FromSeconds(40))
        {
            (up, received) = await ReadAsync(ct);
            if (agents.All(a => up.Contains(a.Job)))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
        }

        var missing = agents.Where(a => !up.Contains(a.Job)).Select(a => a.Job).ToList();
        return new CheckResult(Name, missing.Count == 0, missing.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{observer.Job} sees {string.Join(", ", agents.Select(a => a.Job))} up from MainPC's health stream ({received} reports received, after {time.GetElapsedTime(start).TotalMilliseconds:0} ms)")
            : $"{observer.Job}'s cluster view has no recent health from: {string.Join(", ", missing)} ({received.ToString(CultureInfo.InvariantCulture)} reports received in 40 s)")
        {
            Values = [new Measurement("agents_up", agents.Count(a => up.Contains(a.Job)), "agents"), new Measurement("reports_received", received, "reports")],
        };
    }

    private async Task<(HashSet<string> Up, long Received)> ReadAsync(CancellationToken ct)
    {
        var up = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var body = await http.GetStreamAsync(observer.HealthUrl, ct);
            using var doc = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            if (!doc.RootElement.TryGetProperty("details", out var details) || !details.TryGetProperty("cluster", out var cluster) || cluster.ValueKind != JsonValueKind.Object)
            {
                return (up, 0);
            }

            foreach (var a in cluster.GetProperty("agents").EnumerateArray())
            {
                if (a.GetProperty("up").GetBoolean() && a.GetProperty("agent").GetString() is { } name)
                {
                    up.Add(name);
                }
            }

            return (up, cluster.TryGetProperty("reports_received", out var r) && r.TryGetInt64(out var n) ? n : 0);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (up, 0);
        }
    }
}
