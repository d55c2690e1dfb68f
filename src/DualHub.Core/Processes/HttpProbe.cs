namespace DualHub.Core.Processes;

internal sealed class HttpProbe(Func<CancellationToken, Task<ProbeResult>> attempt, TimeSpan? attemptTimeout) : IReadinessProbe
{
    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (attemptTimeout is { } timeout)
        {
            cts.CancelAfter(timeout);
        }

        try
        {
            return await attempt(cts.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return ProbeResult.NotReady(ex.Message);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // This attempt's own timeout (or the HttpClient's): not ready yet, the caller decides whether to go on.
            return ProbeResult.NotReady(ex.Message);
        }
    }
}
