using System.Globalization;
using DualHub.Cli.Supervision;

namespace DualHub.Cli.Checkpoints;

/// <summary>A hub answers <c>/-/ready</c>, and its <c>/health</c> reports the role it was started in.</summary>
internal sealed class HubReadyCheck(SupervisedChild child, string role, HttpClient http) : ICheck
{
    public string Name => $"{child.Spec.Name} ready";

    public string Id => CheckIds.Of(CheckIds.HubReady, child.Spec.Name);

    public string Target => $"/-/ready answers 2xx within 30 s, /health role={role}";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var took = await child.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        if (took is null)
        {
            return new CheckResult(Name, false, $"no 2xx from {child.Spec.HealthUrl} within 30 s (log: {child.LogPath})");
        }

        var baseUrl = new Uri(child.Spec.HealthUrl!, "/health");
        using var response = await http.GetAsync(baseUrl, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var roleOk = response.IsSuccessStatusCode && body.Contains($"\"role\":\"{role}\"", StringComparison.Ordinal);
        var ms = took.Value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        return new CheckResult(Name, roleOk, roleOk
            ? $"ready after {ms} ms, /health role={role}"
            : $"ready after {ms} ms, but /health answered {(int)response.StatusCode} without role \"{role}\"")
        {
            Values = [Measurement.Ms("ready", took.Value)],
        };
    }
}
