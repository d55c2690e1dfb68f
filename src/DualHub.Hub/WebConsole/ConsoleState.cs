using DualHub.Core.Security;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Hub.WebConsole.Deployment;
using DualHub.Hub.WebConsole.History;

namespace DualHub.Hub.WebConsole;

/// <summary>
/// What the console keeps between requests: the last hour of figures (sampled every <see cref="ConsoleHistory.Interval"/>
/// by the hub's maintenance tick), pushes counted per agent, and on a hub with <c>console.deployment</c> the deployment
/// probe and the failovers it has seen.
/// </summary>
internal sealed class ConsoleState
{
    /// <summary>Agents whose pushes are counted one by one; pushes of agents beyond them count under <see cref="OtherAgents"/>.</summary>
    public const int MaxAgents = 1000;

    public const string OtherAgents = "(other agents)";

    private static readonly TimeSpan SnapshotMaxAge = TimeSpan.FromSeconds(2);

    // An agent silent this long leaves the count (its chart line has left the hour already).
    private static readonly TimeSpan AgentIdle = ConsoleHistory.Interval * ConsoleHistory.Capacity;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Count, long LastTimestamp)> _pushes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _previousCounters = new(StringComparer.Ordinal);
    private long _lastSampleTimestamp;
    private long _previousAppended = -1;
    private double _ingestBytesPerSecond;
    private DeploymentSnapshot? _snapshot;
    private Task<DeploymentSnapshot>? _probing;
    private int _sampling;

    public ConsoleState(HubOptions options, TimeProvider time)
    {
        _time = time;
        History = new ConsoleHistory();
        Failovers = new FailoverTracker(History);
        StoreHistory = new StoreHistory(History, time);
        if (options.Console.Deployment.Count > 0)
        {
            var handler = new SocketsHttpHandler { ConnectTimeout = DeploymentProbe.Timeout, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
            var secured = SecureHttpHandler.Create(handler, options.Console.TlsConfig, options.Console.BasicAuth, "console.tls_config");
            Probe = new DeploymentProbe(options.Console.Deployment, new HttpMessageInvoker(secured), time);
        }
    }

    public ConsoleHistory History { get; }

    public FailoverTracker Failovers { get; }

    /// <summary>The last hour from the long-term store, on a hub with <c>query.url</c>; <see cref="History"/> is its fallback.</summary>
    public StoreHistory StoreHistory { get; }

    /// <summary>The deployment probe, or null on a hub without <c>console.deployment</c>.</summary>
    public DeploymentProbe? Probe { get; }

    /// <summary>Bytes per second appended to the sample journal over the last sampling interval.</summary>
    public double IngestBytesPerSecond => Volatile.Read(ref _ingestBytesPerSecond);

    /// <summary>The agents counted now (at most <see cref="MaxAgents"/> and <see cref="OtherAgents"/>).</summary>
    public int CountedAgents
    {
        get
        {
            lock (_gate)
            {
                return _pushes.Count;
            }
        }
    }

    /// <summary>
    /// Counts an accepted push under its agent (the group's job and instance), or under <see cref="OtherAgents"/> once
    /// <see cref="MaxAgents"/> agents have pushed within the hour: grouping keys come from clients.
    /// </summary>
    public void CountPush(GroupId group)
    {
        var key = group.Get("job") + (group.Get("instance") is { Length: > 0 } i ? "/" + i : string.Empty);
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_pushes.ContainsKey(key) && _pushes.Count >= MaxAgents)
            {
                key = OtherAgents;
            }

            _pushes[key] = (_pushes.GetValueOrDefault(key).Count + 1, now);
        }
    }

    /// <summary>The deployment as probed within the last two seconds (probing again if older); null without a deployment.</summary>
    public async Task<DeploymentSnapshot?> DeploymentAsync(CancellationToken ct)
    {
        if (Probe is null)
        {
            return null;
        }

        Task<DeploymentSnapshot> probing;
        lock (_gate)
        {
            if (_snapshot is { } s && _time.GetUtcNow() - s.At < SnapshotMaxAge)
            {
                return s;
            }

            probing = _probing ??= Task.Run(ProbeAndObserveAsync);
        }

        return await probing.WaitAsync(ct);
    }

    /// <summary>Called every second by the hub; samples the history once per interval, without waiting for the network.</summary>
    public void Tick(HubRuntime hub)
    {
        var now = _time.GetTimestamp();
        if (_lastSampleTimestamp != 0 && _time.GetElapsedTime(_lastSampleTimestamp, now) < ConsoleHistory.Interval)
        {
            return;
        }

        var elapsed = _lastSampleTimestamp == 0 ? ConsoleHistory.Interval : _time.GetElapsedTime(_lastSampleTimestamp, now);
        _lastSampleTimestamp = now;
        if (Interlocked.Exchange(ref _sampling, 1) == 0)
        {
            _ = SampleAsync(hub, elapsed.TotalSeconds);
        }
    }

    private async Task SampleAsync(HubRuntime hub, double seconds)
    {
        try
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var u in hub.Samples.Upstreams)
            {
                values["lag/" + u.Name] = u.LagSeconds;
                values["backlog/" + u.Name] = u.PendingSamples;
            }

            if (hub.Nats?.PublishStatus is { } p)
            {
                values["lag/nats " + p.Node] = p.LagSeconds;
                values["backlog/nats " + p.Node] = p.PendingSamples;
            }

            var appended = hub.Samples.JournalFigures.AppendedBytes;
            if (_previousAppended >= 0)
            {
                Volatile.Write(ref _ingestBytesPerSecond, (appended - _previousAppended) / seconds);
            }

            _previousAppended = appended;
            if (Probe is null)
            {
                AddPushRates(values, seconds);
            }
            else
            {
                var snapshot = await DeploymentAsync(CancellationToken.None);
                foreach (var agent in snapshot!.OfKind("agent").Where(a => a.Json is not null))
                {
                    values["push_rate/" + agent.Part.Name] = Rate("agent/" + agent.Part.Name, agent.Json!.Value.Num("pushes_accepted"), seconds);
                }
            }

            if (hub.Nats is { } nats && nats.ConnectionState == "open")
            {
                using var cts = new CancellationTokenSource(DeploymentProbe.Timeout, _time);
                var rtt = await nats.PingAsync(cts.Token);
                values["nats_rtt/" + (nats.ServerName ?? "nats")] = rtt.TotalMilliseconds;
            }

            History.Add(_time.GetUtcNow().ToUnixTimeSeconds(), values);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or InvalidOperationException or NATS.Client.Core.NatsException)
        {
            // A point is skipped; the chart shows the gap.
        }
        finally
        {
            Volatile.Write(ref _sampling, 0);
        }
    }

    /// <summary>
    /// The push rate of each agent counted by <see cref="CountPush"/> since the last call, as <c>push_rate/AGENT</c>;
    /// agents without a push for the last hour leave the count.
    /// </summary>
    public void AddPushRates(Dictionary<string, double> values, double seconds)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_gate)
        {
            var now = _time.GetTimestamp();

            // Removing the current entry while enumerating is allowed for Dictionary.
            foreach (var (agent, (count, last)) in _pushes)
            {
                if (_time.GetElapsedTime(last, now) >= AgentIdle)
                {
                    _pushes.Remove(agent);
                    _previousCounters.Remove("push/" + agent);
                    continue;
                }

                values["push_rate/" + agent] = Rate("push/" + agent, count, seconds);
            }
        }
    }

    /// <summary>Per-second rate of a counter since the previous sample (0 the first time or after a restart of its source).</summary>
    private double Rate(string key, double counter, double seconds)
    {
        lock (_gate)
        {
            var rate = _previousCounters.TryGetValue(key, out var previous) && counter >= previous ? (counter - previous) / seconds : 0;
            _previousCounters[key] = counter;
            return rate;
        }
    }

    private async Task<DeploymentSnapshot> ProbeAndObserveAsync()
    {
        try
        {
            var snapshot = await Probe!.ProbeAsync(CancellationToken.None);
            Failovers.Observe(snapshot);
            lock (_gate)
            {
                _snapshot = snapshot;
            }

            return snapshot;
        }
        finally
        {
            lock (_gate)
            {
                _probing = null;
            }
        }
    }
}
