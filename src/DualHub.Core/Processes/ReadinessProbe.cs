namespace DualHub.Core.Processes;

/// <summary>Readiness probes over HTTP.</summary>
public static class ReadinessProbe
{
    /// <summary>
    /// Ready when a GET of <paramref name="url"/> answers 2xx within <paramref name="attemptTimeout"/> (measured on
    /// <paramref name="time"/>).
    /// </summary>
    public static IReadinessProbe HttpOk(HttpClient http, Uri url, TimeSpan attemptTimeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(time);
        return new HttpProbe(
            async ct =>
            {
                using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
                return response.IsSuccessStatusCode ? ProbeResult.Success : ProbeResult.NotReady($"HTTP {(int)response.StatusCode}");
            },
            attemptTimeout,
            time);
    }

    /// <summary>
    /// An HTTP check of the caller's own (it reads the answer itself); a refused connection or a timed-out attempt is
    /// "not ready". <paramref name="attemptTimeout"/> null leaves the timeout to the caller's <see cref="HttpClient"/>;
    /// a timeout is measured on <paramref name="time"/> (the system clock when null).
    /// </summary>
    public static IReadinessProbe Http(Func<CancellationToken, Task<ProbeResult>> attempt, TimeSpan? attemptTimeout = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new HttpProbe(attempt, attemptTimeout, time ?? TimeProvider.System);
    }
}
