using System.Globalization;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Whether a component answers HTTP at all, probed once per URL with a short deadline: a check whose component is down
/// fails at once naming the URL and the error, instead of polling it until its own deadline.
/// </summary>
internal sealed class Reachability(HttpClient http, TimeSpan timeout, TimeProvider time)
{
    private readonly Dictionary<Uri, Task<string?>> _probes = [];

    /// <summary>Null when <paramref name="url"/> answered (any status), else "URL: error".</summary>
    public Task<string?> ProbeAsync(Uri url, CancellationToken ct)
    {
        lock (_probes)
        {
            if (!_probes.TryGetValue(url, out var probe))
            {
                probe = ProbeOnceAsync(url, ct);
                _probes[url] = probe;
            }

            return probe;
        }
    }

    private async Task<string?> ProbeOnceAsync(Uri url, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            return null;
        }
        catch (HttpRequestException ex)
        {
            return $"{url}: {ex.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{url}: no answer within {timeout.TotalSeconds:0.##} s");
        }
    }
}
