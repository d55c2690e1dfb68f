using Microsoft.Extensions.Logging;

namespace DualHub.Cli.Supervision;

/// <summary>The children of <c>dualhub up</c>: started together, probed for readiness, stopped together.</summary>
internal sealed class Supervisor : IAsyncDisposable
{
    private readonly List<SupervisedChild> _children = [];
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http;

    public Supervisor(TimeProvider time, ILoggerFactory loggers, HttpClient http)
    {
        _time = time;
        _loggers = loggers;
        _http = http;
    }

    public IReadOnlyList<SupervisedChild> Children => _children;

    public SupervisedChild Add(ChildSpec spec)
    {
        var child = new SupervisedChild(spec, _time, _loggers.CreateLogger("dualhub.up." + spec.Name));
        _children.Add(child);
        return child;
    }

    public SupervisedChild Get(string name) => _children.First(c => c.Spec.Name == name);

    public async Task StartAllAsync(string kind)
    {
        foreach (var c in _children.Where(c => c.Spec.Kind == kind))
        {
            await c.StartAsync();
        }
    }

    /// <summary>Polls the child's health URL until it answers 2xx; returns the time it took, or null on timeout.</summary>
    public async Task<TimeSpan?> WaitReadyAsync(SupervisedChild child, TimeSpan timeout, CancellationToken ct)
    {
        var start = _time.GetTimestamp();
        if (child.Spec.HealthUrl is null)
        {
            return TimeSpan.Zero;
        }

        while (_time.GetElapsedTime(start) < timeout)
        {
            ct.ThrowIfCancellationRequested();
            if (await IsHealthyAsync(child.Spec.HealthUrl, ct))
            {
                child.MarkRunning();
                return _time.GetElapsedTime(start);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, ct);
        }

        return null;
    }

    public async Task<bool> IsHealthyAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimeSpan.FromSeconds(1));
            using var response = await _http.GetAsync(url, cts.Token);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task StopAllAsync()
    {
        // Agents first, then hubs, then the backbone: nothing in flight is sent to a stopped peer.
        foreach (var group in _children.GroupBy(c => c.Spec.Kind).OrderBy(g => KindOrder(g.Key)))
        {
            await Task.WhenAll(group.Select(c => c.StopAsync(TimeSpan.FromSeconds(10))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        foreach (var c in _children)
        {
            await c.DisposeAsync();
        }
    }

    private static int KindOrder(string kind) => kind switch
    {
        "agent" => 0,
        "hub" => 1,
        _ => 2,
    };
}
