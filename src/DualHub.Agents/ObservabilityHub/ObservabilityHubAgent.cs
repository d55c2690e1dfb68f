using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DualHub.Agents.Hosting;
using DualHub.Client.Health;
using DualHub.Client.Options;
using DualHub.Core.Security;

namespace DualHub.Agents.ObservabilityHub;

/// <summary>
/// Meta-monitoring: polls every configured hub's and agent's health URL and exposes the aggregated view as metrics and
/// on its own <c>/health</c>. Config section <c>observability_hub</c>: <c>targets: [{name, url, kind: hub|agent}]</c>
/// (default: this agent's own hubs' <c>/-/healthy</c>), <c>poll_interval</c> (default 5 s), <c>timeout</c> (default 2 s).
/// </summary>
internal sealed class ObservabilityHubAgent : IPilotAgent
{
    private readonly TimeProvider _time;
    private HttpClient _http = NewClient(null, null);
    private readonly Lock _lock = new();
    private IReadOnlyList<WatchTarget> _targets = [];
    private Dictionary<string, TargetState> _states = new(StringComparer.Ordinal);
    private TimeSpan _interval = TimeSpan.FromSeconds(5);
    private TimeSpan _timeout = TimeSpan.FromSeconds(2);
    private HealthStreamConsumer? _stream;

    public ObservabilityHubAgent(TimeProvider time)
    {
        _time = time;
        Meter = new Meter("DualHub.Agents.ObservabilityHub");
        Meter.CreateObservableGauge("observability_target_up", () => Each(s => s.Up ? 1 : 0), description: "1 when the target's health URL answered 2xx at the last poll.");
        Meter.CreateObservableGauge("observability_target_response_seconds", () => Each(s => s.Latency.TotalSeconds), description: "Latency of the last health poll.");
        Meter.CreateObservableGauge("observability_agent_status", () => Each(s => s.Status switch { "healthy" => 0, "degraded" => 1, "unhealthy" => 2, _ => -1 }, agentsOnly: true), description: "Agent status from its /health: 0 healthy, 1 degraded, 2 unhealthy, -1 unknown.");
        Meter.CreateObservableGauge("observability_agent_active_hub_index", () => Each(s => s.ActiveHubIndex ?? -1, agentsOnly: true), description: "The agent's active hub (0 = primary, -1 = none or unknown).");
        Meter.CreateObservableGauge("observability_agent_spool_batches", () => Each(s => s.SpoolBatches ?? 0, agentsOnly: true), description: "Batches in the agent's spool.");
        Meter.CreateObservableGauge("observability_agent_failovers", () => Each(s => s.Failovers ?? 0, agentsOnly: true), description: "Failovers the agent reports.");
        Meter.CreateObservableGauge("observability_targets", Totals, description: "Targets by state.");
    }

    public string Name => "observability-hub";

    public string Section => "observability_hub";

    public Meter Meter { get; }

    public IReadOnlyList<TargetState> States
    {
        get
        {
            lock (_lock)
            {
                return [.. _states.Values];
            }
        }
    }

    public void Configure(ConfigSection? section, ResolvedAgentOptions options)
    {
        // The watched hubs and agents take the same tls_config and basic_auth as the agent's own hubs.
        _http.Dispose();
        _http = NewClient(options.TlsConfig, options.BasicAuth);
        var targets = new List<WatchTarget>();
        if (section is not null)
        {
            section.RejectUnknown("targets", "poll_interval", "timeout", "monitoring_mode", "health_stream_url", "health_stream_consumer", "health_stale_after");
            foreach (var t in section.GetSectionList("targets"))
            {
                t.RejectUnknown("name", "url", "kind");
                var kind = t.GetString("kind") ?? "agent";
                if (kind is not ("hub" or "agent"))
                {
                    throw new AgentConfigException(t.Path + ".kind", $"{t.Path}.kind: '{kind}' is not hub or agent");
                }

                targets.Add(new WatchTarget(t.GetRequiredString("name"), t.GetRequiredHttpUrl("url"), kind));
            }

            _interval = section.GetDuration("poll_interval") ?? _interval;
            _timeout = section.GetDuration("timeout") ?? _timeout;
        }

        if (targets.Count == 0)
        {
            targets.AddRange(options.Hubs.Select(h => new WatchTarget(h.Name, new Uri(h.Url, "/-/healthy"), "hub")));
        }

        var duplicate = targets.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new AgentConfigException("observability_hub.targets", $"observability_hub.targets: name '{duplicate.Key}' is listed twice");
        }

        _targets = targets;
        _stream = HealthStreamConsumer.FromConfig(section, options, _time);
        _stream?.View.Register(Meter);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var stream = _stream?.RunAsync(ct) ?? Task.CompletedTask;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await PollAsync(ct);
                await Task.Delay(_interval, _time, ct);
            }
        }
        finally
        {
            await stream;
        }
    }

    /// <summary>Polls every target once, in parallel.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        var results = await Task.WhenAll(_targets.Select(t => PollOneAsync(t, ct)));
        lock (_lock)
        {
            _states = results.ToDictionary(r => r.Target.Name, StringComparer.Ordinal);
        }
    }

    public JsonObject? HealthDetails()
    {
        var targets = new JsonArray();
        foreach (var s in States.OrderBy(s => s.Target.Name, StringComparer.Ordinal))
        {
            targets.Add((JsonNode)new JsonObject
            {
                ["name"] = s.Target.Name,
                ["kind"] = s.Target.Kind,
                ["url"] = s.Target.Url.ToString(),
                ["up"] = s.Up,
                ["http_status"] = s.HttpStatus,
                ["latency_ms"] = Math.Round(s.Latency.TotalMilliseconds, 1),
                ["status"] = s.Status,
                ["active_hub"] = s.ActiveHub,
                ["spool_batches"] = s.SpoolBatches,
                ["error"] = s.Error,
            });
        }

        var states = States;
        return new JsonObject { ["targets_up"] = states.Count(s => s.Up), ["targets_down"] = states.Count(s => !s.Up), ["targets"] = targets, ["cluster"] = _stream?.ToJson() };
    }

    public AgentHealthStatus HealthStatus() => States.Any(s => !s.Up) ? AgentHealthStatus.Degraded : AgentHealthStatus.Healthy;

    public void Dispose()
    {
        Meter.Dispose();
        _http.Dispose();
    }

    private async Task<TargetState> PollOneAsync(WatchTarget target, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await _http.GetAsync(target.Url, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var state = new TargetState(target, response.IsSuccessStatusCode, (int)response.StatusCode, _time.GetElapsedTime(started), _time.GetUtcNow(), response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
            return WithAgentHealth(state, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var error = ex is OperationCanceledException ? $"timeout after {_timeout.TotalMilliseconds:0} ms" : ex.Message;
            return new TargetState(target, false, 0, _time.GetElapsedTime(started), _time.GetUtcNow(), error);
        }
    }

    /// <summary>Reads the DualHub agent /health JSON (status, active hub, spool, failovers) when the body is one; 503 bodies count too.</summary>
    private static TargetState WithAgentHealth(TargetState state, byte[] body)
    {
        if (state.Target.Kind != "agent" || body.Length == 0)
        {
            return state;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return state;
            }

            string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var active = root.TryGetProperty("active_hub", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            return state with
            {
                Status = Str(root, "status"),
                ActiveHub = active.ValueKind == JsonValueKind.Object ? Str(active, "name") : "none",
                ActiveHubIndex = active.ValueKind == JsonValueKind.Object && active.TryGetProperty("index", out var i) && i.TryGetInt32(out var idx) ? idx : -1,
                SpoolBatches = root.TryGetProperty("spool", out var sp) && sp.ValueKind == JsonValueKind.Object && sp.TryGetProperty("batches", out var b) && b.TryGetInt64(out var n) ? n : null,
                Failovers = root.TryGetProperty("failovers", out var f) && f.TryGetInt64(out var fo) ? fo : null,
            };
        }
        catch (JsonException)
        {
            return state;
        }
    }

    private IEnumerable<Measurement<double>> Each(Func<TargetState, double> f, bool agentsOnly = false) =>
        States.Where(s => !agentsOnly || s.Target.Kind == "agent")
            .Select(s => new Measurement<double>(f(s), new KeyValuePair<string, object?>("target", s.Target.Name), new KeyValuePair<string, object?>("kind", s.Target.Kind)));

    private IEnumerable<Measurement<int>> Totals()
    {
        var states = States;
        yield return new Measurement<int>(states.Count(s => s.Up), new KeyValuePair<string, object?>("state", "up"));
        yield return new Measurement<int>(states.Count(s => !s.Up), new KeyValuePair<string, object?>("state", "down"));
    }

    // A health answer is a few hundred bytes; one beyond 1 MiB is refused while read (the target shows the error).
    private static HttpClient NewClient(ClientTlsConfig? tls, ClientBasicAuth? basicAuth) =>
        new(SecureHttpHandler.Create(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }, tls, basicAuth, "tls_config"))
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = 1 << 20,
        };
}
