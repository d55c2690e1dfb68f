using DualHub.Core.Processes;
using DualHub.Nats.Monitoring;
using DualHub.Nats.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Nats.Supervision;

/// <summary>
/// One nats-server as a child process: <c>nats-server -c CONF</c> run from the conf's directory, its last output lines
/// kept for error messages, ready when <c>/healthz</c> says so. It is not restarted on its own: a server that dies
/// stays down until it is started again (node-loss tests and drills rely on that).
/// </summary>
internal sealed class NatsServerProcess : INatsServer
{
    private const int MaxOutputLines = 200;
    private const string HealthzPath = "/healthz";
    private const string JetStreamEnabledPath = "/healthz?js-enabled-only=true";

    private readonly NatsSupervisorOptions _options;
    private readonly NatsServerLog _log;
    private readonly Queue<string> _output = new();
    private readonly IChildProcess _process;
    private readonly IReadinessProbe _jetStreamEnabled;
    private readonly HttpClient _http;

    public NatsServerProcess(NatsNodeOptions node, string configPath, NatsSupervisorOptions options, TimeProvider time, ILogger? logger, NatsTopologyOptions? topology = null)
    {
        Node = node;
        MonitorUrl = topology?.MonitorUrlOf(node) ?? node.MonitorUrl;
        _http = NatsMonitor.CreateClient(topology?.Security, TimeSpan.FromSeconds(2));
        ConfigPath = configPath;
        _options = options;
        _log = new NatsServerLog(logger ?? NullLogger.Instance, node);
        _jetStreamEnabled = HealthzProbe(JetStreamEnabledPath);
        var prefix = options.LaunchPrefix?.Invoke(node.Name) ?? [];
        string[] command = [.. prefix, options.ResolveBinary(), "-c", configPath];
        var spec = new ChildProcessSpec("nats-server " + node.Name, command[0], command[1..])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(configPath))!,
            OnOutput = Append,
            KillWithParent = options.KillWithParent,
            Readiness = HealthzProbe(HealthzPath),
            Log = _log,
        };
        _process = ChildProcessFactory.Create(spec, time);
    }

    public NatsNodeOptions Node { get; }

    public string ConfigPath { get; }

    public string ClientUrl => Node.ClientUrl;

    public string MonitorUrl { get; }

    public bool IsRunning => _process.IsRunning;

    public int? ProcessId => _process.ProcessId;

    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public Task StartAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Node.StoreDir);
        return _process.StartAsync(ct);
    }

    public async Task WaitReadyAsync(NatsReadiness readiness, TimeSpan timeout, CancellationToken ct = default)
    {
        var jetStreamOnly = readiness == NatsReadiness.JetStreamEnabled;
        var probe = jetStreamOnly ? _jetStreamEnabled : _process.Spec.Readiness!;
        var result = await _process.WaitReadyAsync(probe, timeout, ct);
        switch (result.Outcome)
        {
            case ReadinessOutcome.Ready:
                _log.Ready(readiness);
                return;
            case ReadinessOutcome.NotRunning:
                throw new NatsServerException($"nats-server {Node.Name} is not running{(result.ExitCode is { } code ? $" (exit code {code})" : string.Empty)}:\n{RecentOutput}");
            default:
                var url = MonitorUrl + (jetStreamOnly ? JetStreamEnabledPath : HealthzPath);
                throw new NatsServerException($"nats-server {Node.Name} not {readiness} within {timeout.TotalSeconds:0.#} s ({url}: {result.LastDetail ?? "no answer"}):\n{RecentOutput}");
        }
    }

    public Task StopAsync(TimeSpan? grace = null, CancellationToken ct = default) => _process.StopAsync(grace ?? _options.StopGrace, ct);

    public Task KillAsync(CancellationToken ct = default) => _process.KillAsync(ct);

    public async Task RestartAsync(NatsReadiness readiness, TimeSpan timeout, CancellationToken ct = default)
    {
        await StopAsync(null, ct);
        await StartAsync(ct);
        await WaitReadyAsync(readiness, timeout, ct);
    }

    public void Freeze()
    {
        if (!_process.Pause())
        {
            throw NotRunning();
        }
    }

    public void Thaw()
    {
        if (!_process.Unpause())
        {
            throw NotRunning();
        }
    }

    public Task<NatsMonitorSummary> GetSummaryAsync(CancellationToken ct = default) => NatsMonitor.GetSummaryAsync(_http, MonitorUrl, ct);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return _process.DisposeAsync();
    }

    private NatsServerException NotRunning() => new($"nats-server {Node.Name} is not running");

    private IReadinessProbe HealthzProbe(string path)
    {
        var url = MonitorUrl + path;
        return ReadinessProbe.Http(async ct =>
        {
            var (ok, error) = await NatsMonitor.GetHealthAsync(_http, url, ct);
            return new ProbeResult(ok, error);
        });
    }

    private void Append(string line)
    {
        lock (_output)
        {
            if (_output.Count == MaxOutputLines)
            {
                _output.Dequeue();
            }

            _output.Enqueue(line);
        }
    }
}
