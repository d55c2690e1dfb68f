using DualHub.Core.Processes;
using DualHub.Core.Retry;
using Microsoft.Extensions.Logging;

namespace DualHub.Cli.Supervision;

/// <summary>
/// The children of <c>dualhub up</c>: each a copy of this CLI (<c>dualhub hub ...</c>, <c>dualhub agent ...</c>) or
/// another program (the store, vmalert, Alertmanager), with a readiness probe on its health URL; started together, restarted with capped
/// backoff when one dies, stopped together.
/// </summary>
internal sealed class Supervisor : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

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
        var (file, prefix) = spec.Executable is { } executable ? (executable, Array.Empty<string>()) : SelfLauncher.Command();
        var process = new ChildProcessSpec(spec.Name, file, [.. prefix, .. spec.Arguments])
        {
            WorkingDirectory = spec.Directory,
            Environment = spec.Environment,
            OutputFile = Path.Combine(spec.Directory, "log"),

            // A child that dies unexpectedly is started again after 250 ms, doubling up to 10 s.
            Restart = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10)),
            Readiness = spec.HealthUrl is { } url ? ReadinessProbe.HttpOk(_http, url, ProbeTimeout, _time) : null,
        };
        var child = new SupervisedChild(spec, ChildProcessFactory.Create(process, _time, _loggers.CreateLogger("dualhub.up." + spec.Name)));
        _children.Add(child);
        return child;
    }

    public SupervisedChild Get(string name) => _children.First(c => c.Spec.Name == name);

    public async Task StartAllAsync(string kind)
    {
        foreach (var c in _children.Where(c => c.Spec.Kind == kind))
        {
            await c.Process.StartAsync();
        }
    }

    public async Task<bool> IsHealthyAsync(Uri url, CancellationToken ct) =>
        (await ReadinessProbe.HttpOk(_http, url, ProbeTimeout, _time).ProbeAsync(ct)).Ready;

    public async Task StopAllAsync()
    {
        // Agents first, then the alerting pair (it queries CentralHub), then hubs, then the store, then the backbone:
        // nothing in flight is sent to a stopped peer.
        foreach (var group in _children.GroupBy(c => c.Spec.Kind).OrderBy(g => KindOrder(g.Key)))
        {
            await Task.WhenAll(group.Select(c => c.Process.StopAsync(TimeSpan.FromSeconds(10))));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync();
        foreach (var c in _children)
        {
            await c.Process.DisposeAsync();
        }
    }

    private static int KindOrder(string kind) => kind switch
    {
        "agent" => 0,
        "alerts" => 1,
        "hub" => 2,
        _ => 3,
    };
}
