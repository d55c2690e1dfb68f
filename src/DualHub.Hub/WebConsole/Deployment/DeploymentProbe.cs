using System.Text.Json;
using DualHub.Hub.Options;

namespace DualHub.Hub.WebConsole.Deployment;

/// <summary>
/// Asks every part of the deployment at once, each with a short timeout, so one frozen part costs the page at most
/// <see cref="Timeout"/> and the others are still shown. Hubs and agents answer <c>/health</c>, NATS servers <c>/jsz</c>.
/// </summary>
internal sealed class DeploymentProbe(IReadOnlyList<DeploymentPart> parts, HttpMessageInvoker http, TimeProvider time)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(1500);

    public const int MaxBodyBytes = 8 << 20;

    public IReadOnlyList<DeploymentPart> Parts => parts;

    public async Task<DeploymentSnapshot> ProbeAsync(CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var results = await Task.WhenAll(parts.Select(p => ProbeAsync(p, ct)));
        return new DeploymentSnapshot(at, results);
    }

    public static Uri ProbeUrl(DeploymentPart part) => new(part.Url, part.Kind == "nats" ? "/jsz?streams=true&consumers=true" : "/health");

    private async Task<PartProbe> ProbeAsync(DeploymentPart part, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ProbeUrl(part));
            using var response = await http.SendAsync(request, cts.Token);
            if (!response.IsSuccessStatusCode && part.Kind != "agent")
            {
                // An agent answers 503 with its JSON when unhealthy; that is still its report.
                return new PartProbe(part, null, $"HTTP {(int)response.StatusCode}", time.GetElapsedTime(started));
            }

            if (response.Content.Headers.ContentLength > MaxBodyBytes)
            {
                return new PartProbe(part, null, "answer too large", time.GetElapsedTime(started));
            }

            // A chunked answer has no Content-Length: the buffer is what bounds it (HttpRequestException beyond).
            await response.Content.LoadIntoBufferAsync(MaxBodyBytes, cts.Token);
            await using var body = await response.Content.ReadAsStreamAsync(cts.Token);
            using var doc = await JsonDocument.ParseAsync(body, default, cts.Token);
            return new PartProbe(part, doc.RootElement.Clone(), null, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new PartProbe(part, null, $"no answer within {Timeout.TotalSeconds:0.#} s", time.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException)
        {
            return new PartProbe(part, null, ex.Message, time.GetElapsedTime(started));
        }
    }
}
