using System.Globalization;
using System.Net;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// A hub that runs elsewhere (not a child of this process): <c>/-/ready</c> answers 2xx within <paramref name="wait"/>, and
/// its <c>/health</c> reports the expected role. The <c>dualhub check</c> counterpart of <see cref="HubReadyCheck"/>.
/// </summary>
internal sealed class HubAnswersCheck(string hubName, Uri baseUrl, string role, HttpClient http, TimeProvider time, TimeSpan wait) : ICheck
{
    public string Name => $"{hubName} ready";

    public string Id => CheckIds.Of(CheckIds.HubReady, hubName);

    public string Target => string.Create(CultureInfo.InvariantCulture, $"/-/ready answers 2xx within {wait.TotalSeconds:0} s, /health role={role}");

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        var ready = new Uri(baseUrl, "/-/ready");
        var start = time.GetTimestamp();
        HttpStatusCode last;
        while (true)
        {
            using (var response = await http.GetAsync(ready, ct))
            {
                last = response.StatusCode;
            }

            if ((int)last is >= 200 and < 300 || time.GetElapsedTime(start) >= wait)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }

        var took = time.GetElapsedTime(start);
        if ((int)last is < 200 or >= 300)
        {
            return new CheckResult(Name, false, string.Create(CultureInfo.InvariantCulture, $"{ready} answered {(int)last} for {took.TotalSeconds:0.0} s"));
        }

        using var health = await http.GetAsync(new Uri(baseUrl, "/health"), ct);
        var body = await health.Content.ReadAsStringAsync(ct);
        var roleOk = health.IsSuccessStatusCode && body.Contains($"\"role\":\"{role}\"", StringComparison.Ordinal);
        var ms = took.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        return new CheckResult(Name, roleOk, roleOk
            ? $"{ready} 2xx in {ms} ms, /health role={role}"
            : $"{ready} 2xx in {ms} ms, but /health answered {(int)health.StatusCode} without role \"{role}\"")
        {
            Values = [Measurement.Ms("ready", took)],
        };
    }
}
