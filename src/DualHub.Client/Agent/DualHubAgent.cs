using System.Buffers;
using System.Text.Json.Nodes;
using DualHub.Client.Collection;
using DualHub.Client.Delivery;
using DualHub.Client.Events;
using DualHub.Client.Failover;
using DualHub.Client.Health;
using DualHub.Client.Options;
using DualHub.Client.Spool;
using DualHub.Client.Telemetry;
using DualHub.Metrics.GroupingKeys;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;
using Microsoft.Extensions.Logging;

namespace DualHub.Client.Agent;

/// <summary>The SDK's agent: push loop, probe loop, spool, events. See <see cref="IDualHubAgent"/>.</summary>
internal sealed partial class DualHubAgent : IDualHubAgent
{
    private readonly IHubTransport _transport;
    private readonly HubTimeouts _timeouts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IHealthPublisher _publisher;
    private readonly Func<System.Diagnostics.Metrics.Meter, bool> _meterFilter;
    private readonly HubSelector _selector;
    private readonly AgentCounters _counters;
    private readonly BatchSender _sender;
    private readonly Uri[] _healthUrls;
    private readonly Uri? _pushgatewayUrl;
    private readonly SemaphoreSlim _pushLock = new(1, 1);
    private readonly Lock _wakeLock = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MeterCollector? _collector;
    private DiskSpool? _spool;
    private SequenceFile? _sequenceFile;
    private HealthListener? _listener;
    private CancellationTokenSource? _cts;
    private Task _pushLoop = Task.CompletedTask;
    private Task _probeLoop = Task.CompletedTask;
    private long _sequence;
    private long _lastBatchMs;
    private long _lastAcceptedSequence;
    private string? _lastAcceptedHub;
    private long _lastAcceptedAtTicks;
    private DateTimeOffset _startedAt;
    private byte[] _lastBody = [];
    private int _pushgatewayInFlight;

    public DualHubAgent(ResolvedAgentOptions options, IHubTransport transport, TimeProvider time, ILogger logger, Func<System.Diagnostics.Metrics.Meter, bool> meterFilter, IHealthPublisher publisher)
    {
        Options = options;
        _transport = transport;
        _time = time;
        _logger = logger;
        _meterFilter = meterFilter;
        _publisher = publisher;
        Hubs = options.Hubs;
        _selector = new HubSelector(Hubs, options.Failover, time);
        _counters = new AgentCounters(Hubs.Count);
        var path = "metrics/" + GroupingKey.ToPath([new Label("job", options.Agent.Name), new Label("instance", options.Agent.Node)]);
        var pushUrls = Hubs.Select(h => new Uri(WithSlash(h.Url), path)).ToArray();
        _healthUrls = Hubs.Select(h => new Uri(WithSlash(h.Url), "-/healthy")).ToArray();
        _pushgatewayUrl = options.Pushgateway is null ? null : new Uri(WithSlash(options.Pushgateway), path);
        _timeouts = new HubTimeouts(Hubs.Count, options.Failover);
        _sender = new BatchSender(_selector, transport, _timeouts, options.Failover, pushUrls, _counters, time, logger, OnActiveChanged, OnAccepted);
    }

    public event EventHandler<HubChangedEventArgs>? FailedOver;

    public event EventHandler<HubChangedEventArgs>? FailedBack;

    public event EventHandler<SpoolOverflowEventArgs>? SpoolOverflow;

    public event EventHandler<BatchAcceptedEventArgs>? BatchAccepted;

    /// <summary>Unique per instance: scopes the SDK's own instruments to this agent.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    public ResolvedAgentOptions Options { get; }

    public TimeProvider Time => _time;

    public IReadOnlyList<HubEndpoint> Hubs { get; }

    public Uri? HealthUrl => _listener?.Url;

    public Func<JsonObject?>? HealthDetails { get; set; }

    public Func<AgentHealthStatus>? HealthStatus { get; set; }

    public IReadOnlyList<HubStatus> HubStates => _selector.Snapshot();

    /// <summary>The last rendered batch (served on the health listener's <c>/metrics</c>).</summary>
    public ReadOnlyMemory<byte> LastBody => Volatile.Read(ref _lastBody);

    public AgentStats Stats
    {
        get
        {
            var active = _selector.Active;
            return new AgentStats(
                Interlocked.Read(ref _sequence),
                _counters.Accepted.Sum(v => Interlocked.Read(ref v)),
                _counters.Failed.Sum(v => Interlocked.Read(ref v)),
                Interlocked.Read(ref _counters.Rejected),
                Interlocked.Read(ref _counters.Failovers),
                Interlocked.Read(ref _counters.Failbacks),
                _spool?.Count ?? 0,
                _spool?.Bytes ?? 0,
                Interlocked.Read(ref _counters.SpoolDropped),
                active,
                _selector.NameOf(active),
                Interlocked.Read(ref _lastAcceptedSequence),
                Volatile.Read(ref _lastAcceptedHub),
                Interlocked.Read(ref _lastAcceptedAtTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null);
        }
    }

    /// <summary>False in unit tests: no loops, pushes only through <see cref="PushNowAsync"/>.</summary>
    internal bool AutoRun { get; set; } = true;

    public long Accepted(int hub) => Interlocked.Read(ref _counters.Accepted[hub]);

    public long FailedAttempts(int hub) => Interlocked.Read(ref _counters.Failed[hub]);

    public long HubUp(int hub) => _selector.Snapshot()[hub].State == HubState.Healthy ? 1 : 0;

    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_cts is not null)
        {
            throw new InvalidOperationException("The agent is already started.");
        }

        _startedAt = _time.GetUtcNow();
        _spool = new DiskSpool(Options.Spool);
        _sequenceFile = new SequenceFile(Options.Spool.Path);
        _sequence = Math.Max(_spool.MaxSequence, _sequenceFile.Load());
        _collector = new MeterCollector(_meterFilter, InstanceId);
        ClientTelemetry.Register(this);
        if (Options.HealthPort is { } port)
        {
            _listener = HealthListener.Start(this, Options.HealthHost, port, Options.HealthWebConfig, _logger);
            Log.HealthListening(_logger, _listener.Url.ToString());
        }

        Log.Started(_logger, Options.Agent.Name, Options.Agent.Node, string.Join(", ", Hubs.Select(h => $"{h.Name}={h.Url}")), Options.PushInterval, Options.Spool.Path, _spool.Count, _sequence + 1);
        _cts = new CancellationTokenSource();
        var token = _cts.Token;
        if (AutoRun)
        {
            _probeLoop = Task.Run(() => ProbeLoopAsync(token), CancellationToken.None);
            _pushLoop = Task.Run(() => PushLoopAsync(token), CancellationToken.None);
        }
        await Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct = default)
    {
        if (_cts is null)
        {
            return;
        }

        await _cts.CancelAsync();
        try
        {
            await Task.WhenAll(_pushLoop, _probeLoop).WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
        }

        _listener?.Dispose();
        _listener = null;
        _cts.Dispose();
        _cts = null;
    }

    public async Task<bool> PushNowAsync(CancellationToken ct = default)
    {
        if (_spool is null)
        {
            throw new InvalidOperationException("Start the agent first.");
        }

        await _pushLock.WaitAsync(ct);
        try
        {
            return await PushOnceAsync(ct);
        }
        finally
        {
            _pushLock.Release();
        }
    }

    public AgentHealthReport GetHealth()
    {
        var stats = Stats;
        var status = stats.ActiveHubIndex < 0 ? AgentHealthStatus.Unhealthy
            : stats.ActiveHubIndex > 0 || stats.SpoolBatches > 0 ? AgentHealthStatus.Degraded
            : AgentHealthStatus.Healthy;
        JsonObject? details = null;
        try
        {
            if (HealthStatus?.Invoke() is { } own && own > status)
            {
                status = own;
            }

            details = HealthDetails?.Invoke();
        }
        catch (InvalidOperationException)
        {
            status = AgentHealthStatus.Degraded;
        }

        return new AgentHealthReport(status, Options.Agent.Name, Options.Agent.Node, _selector.Snapshot(), stats, _startedAt, _time.GetUtcNow(), details);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        ClientTelemetry.Unregister(this);
        _collector?.Dispose();
        (_transport as IDisposable)?.Dispose();
        _pushLock.Dispose();
    }

    private static Uri WithSlash(Uri u) => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");
}
