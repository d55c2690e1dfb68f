namespace DualHub.Core.Processes;

internal sealed class HttpProbe(Func<CancellationToken, Task<ProbeResult>> attempt, TimeSpan? attemptTimeout, TimeProvider time) : IReadinessProbe
{
    public async Task<ProbeResult> ProbeAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(attemptTimeout ?? Timeout.InfiniteTimeSpan, time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);

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
