using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DualHub.IntegrationTests.Deployment;

/// <summary>
/// The test's own pushes: every 250 ms a numbered gauge <c>netns_load_sequence</c> to each Pushgateway
/// (job <c>netns_load</c>, instance = machine). Remembers when each number was accepted, so a value read back at
/// CentralHub tells how old it is.
/// </summary>
internal sealed class PushgatewayLoad : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(string Machine, long Sequence), long> _acceptedAt = new();
    private readonly ConcurrentDictionary<string, long> _last = new();
    private readonly Task _loop;

    public PushgatewayLoad(IReadOnlyDictionary<string, Uri> pushgateways) => _loop = Task.Run(() => RunAsync(pushgateways));

    /// <summary>The newest number a machine's Pushgateway accepted (0: none).</summary>
    public long Last(string machine) => _last.GetValueOrDefault(machine);

    /// <summary>How long ago <paramref name="sequence"/> was accepted on <paramref name="machine"/>'s Pushgateway.</summary>
    public TimeSpan Age(string machine, long sequence) =>
        _acceptedAt.TryGetValue((machine, sequence), out var at) ? Stopwatch.GetElapsedTime(at) : TimeSpan.MaxValue;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(IReadOnlyDictionary<string, Uri> pushgateways)
    {
        long n = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            n++;
            await Task.WhenAll(pushgateways.Select(async pg =>
            {
                try
                {
                    using var body = new StringContent(string.Create(CultureInfo.InvariantCulture, $"netns_load_sequence {n}\n"));
                    using var r = await _http.PutAsync(new Uri(pg.Value, $"/metrics/job/netns_load/instance/{pg.Key}"), body, _stop.Token);
                    if (r.IsSuccessStatusCode)
                    {
                        _acceptedAt[(pg.Key, n)] = Stopwatch.GetTimestamp();
                        _last[pg.Key] = n;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // The machine is down or cut off: the number is simply not accepted.
                }
            }));
        }
    }
}
