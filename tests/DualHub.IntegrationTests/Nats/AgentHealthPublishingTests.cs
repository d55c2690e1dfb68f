using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using DualHub.Agents.Hosting;
using DualHub.Client;
using DualHub.Client.Events;
using DualHub.Client.Nats;
using DualHub.Client.Options;
using DualHub.Nats.Streams;
using DualHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.IntegrationTests.Nats;

/// <summary>
/// Agents publishing health and alerts to the shared leaf pair (agents on pc2, like the deployment), and the
/// observability-hub reading mainpc's observability-health-monitor consumer.
/// </summary>
[Collection(NatsLeafGroup.Name)]
public sealed class AgentHealthPublishingTests(NatsLeafFixture fx) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly string _dir = TempDir.Create();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        TempDir.Delete(_dir);
    }

    private static string DeadHub() => "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);

    private async Task<RunningAgent> StartPilotAsync(string verb, string yaml)
    {
        var path = Path.Combine(_dir, verb + ".yaml");
        await File.WriteAllTextAsync(path, yaml);
        var running = await AgentHost.StartAsync(verb, path, NullLoggerFactory.Instance);
        _cleanup.Add(running);
        return running;
    }

    [Fact]
    public async Task Health_reaches_the_stream_on_the_nodes_subject_with_a_msg_id_and_a_failover_publishes_health_and_an_alert_at_once()
    {
        var node = fx.NextId();
        var (primary, primaryUrl) = await Anchors.StartPushgatewayAsync();
        var (fallback, fallbackUrl) = await Anchors.StartPushgatewayAsync();
        _cleanup.Add(fallback);
        _cleanup.Add(primary);
        var o = new AgentOptions { Agent = { Name = "e2e", Node = node }, PushInterval = TimeSpan.FromMilliseconds(200) };
        o.Hubs.Add(new HubEndpoint("primary", new Uri(primaryUrl)));
        o.Hubs.Add(new HubEndpoint("fallback", new Uri(fallbackUrl)));
        o.Failover.HealthCheckInterval = TimeSpan.FromMinutes(1); // periodic health only at start: later ones are the event's
        o.Spool.Path = Path.Combine(_dir, "spool");
        o.Nats.Urls.Add(new Uri(fx.Deployment.Servers["pc2"].ClientUrl));
        o.Nats.Urls.Add(new Uri(fx.Deployment.Servers["mainpc"].ClientUrl));
        var publisher = NatsAgentPublishing.Create(o)!;
        _cleanup.Add(publisher);
        var agent = DualHubAgentFactory.Create(o, healthPublisher: publisher);
        _cleanup.Add(agent);
        var failovers = new ConcurrentQueue<HubChangedEventArgs>();
        agent.FailedOver += (_, e) => failovers.Enqueue(e);
        await agent.StartAsync();

        var subject = "observability.health." + node;
        await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(fx.Pc2Js, ObservabilityStreams.Health, subject) >= 1, Wait, "the first health report on pc2");
        var first = Assert.Single(await StreamPayloads.ReadJsonAsync(fx.Pc2Js, ObservabilityStreams.Health, subject));
        Assert.Matches($"^e2e/{node}/[0-9a-f]+/h1$", first.MsgId);
        Assert.Equal("e2e", first.Json.GetProperty("agent").GetString());
        Assert.Equal(node, first.Json.GetProperty("node").GetString());
        await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(fx.MainPcJs, ObservabilityStreams.Health, subject) >= 1, Wait, "the report sourced to mainpc");

        primary.Signal(9);
        await Poll.UntilAsync(() => !failovers.IsEmpty, Wait, "the failover");
        await Poll.UntilAsync(async () => await NatsStreamReader.CountAsync(fx.Pc2Js, ObservabilityStreams.Health, subject) >= 2, TimeSpan.FromSeconds(30), "health published on the failover, not after the 1 min interval");

        var health = await StreamPayloads.ReadJsonAsync(fx.Pc2Js, ObservabilityStreams.Health, subject);
        Assert.Equal("fallback", health[^1].Json.GetProperty("active_hub").GetProperty("name").GetString());
        Assert.Equal(health.Count, health.Select(h => h.MsgId).Distinct().Count());
        var alerts = await AlertsOfAsync(node, "observability.alerts.warning", Wait);
        var alert = Assert.Single(alerts, a => a.GetProperty("kind").GetString() == "hub_failover");
        Assert.Equal("firing", alert.GetProperty("state").GetString());
        Assert.Equal("fallback", alert.GetProperty("details").GetProperty("to_hub").GetString());
    }

    [Fact]
    public async Task A_resource_threshold_crossing_publishes_one_alert_and_one_when_it_clears()
    {
        var node = fx.NextId();
        var proc = Path.Combine(_dir, "proc");
        Directory.CreateDirectory(Path.Combine(proc, "net"));
        await File.WriteAllTextAsync(Path.Combine(proc, "net", "dev"), "h\nh\n");
        await File.WriteAllTextAsync(Path.Combine(proc, "stat"), "cpu  100 0 0 900 0 0 0 0\n");
        await WriteMemoryAsync(proc, 100); // 90 % used
        var running = await StartPilotAsync("resource-manager", $$"""
            agent: { name: resource_manager, node: {{node}} }
            hub_endpoints: [ "{{DeadHub()}}" ]
            push_interval: 0.2
            nats: { nats_url: "{{fx.Deployment.Servers["pc2"].ClientUrl}}" }
            spool: { path: "{{Path.Combine(_dir, "spool")}}" }
            resource_manager:
              proc_root: "{{proc}}"
              collection_interval: 0.1
              alert_thresholds: { cpu: 100, memory: 85, disk: 100 }
            """);

        await Poll.UntilAsync(async () => (await AlertsOfAsync(node, "observability.alerts.warning", null)).Any(IsThreshold), Wait, "the memory alert");
        await WriteMemoryAsync(proc, 120); // 88 %: still above, a new sample, no new alert
        await Poll.UntilAsync(() => (double?)running.Agent.GetHealth().Details?["memory_percent"] == 88, Wait, "a sample at 88 %");
        await WriteMemoryAsync(proc, 600);
        await Poll.UntilAsync(async () => (await AlertsOfAsync(node, "observability.alerts.warning", null)).Count(IsThreshold) >= 2, Wait, "the resolved alert");

        var alerts = (await AlertsOfAsync(node, "observability.alerts.warning", null)).Where(IsThreshold).ToList();
        Assert.Equal(["firing", "resolved"], alerts.Select(a => a.GetProperty("state").GetString()));
        Assert.Equal("memory", alerts[0].GetProperty("details").GetProperty("resource").GetString());

        static bool IsThreshold(JsonElement a) => a.GetProperty("kind").GetString() == "resource_threshold";
    }

    [Fact]
    public async Task The_observability_hub_shows_an_agents_health_read_from_mainpcs_health_monitor_consumer()
    {
        var node = fx.NextId();
        var o = new AgentOptions { Agent = { Name = "watched", Node = node }, Failover = { HealthCheckInterval = TimeSpan.FromSeconds(1) } };
        o.Hubs.Add(new HubEndpoint("primary", new Uri(DeadHub())));
        o.Spool.Path = Path.Combine(_dir, "spool-watched");
        o.Nats.Urls.Add(new Uri(fx.Deployment.Servers["pc2"].ClientUrl)); // published on the edge, read on the hub
        var publisher = NatsAgentPublishing.Create(o)!;
        _cleanup.Add(publisher);
        var watched = DualHubAgentFactory.Create(o, healthPublisher: publisher);
        _cleanup.Add(watched);
        await watched.StartAsync();

        var hub = await StartPilotAsync("observability-hub", $$"""
            agent: { name: observability_hub, node: {{node}}obs }
            hub_endpoints: [ "{{DeadHub()}}" ]
            nats: { enabled: false }
            spool: { path: "{{Path.Combine(_dir, "spool-obs")}}" }
            observability_hub:
              poll_interval: 1
              health_stream_url: "{{fx.Deployment.Servers["mainpc"].ClientUrl}}"
            """);

        var entry = await Poll.UntilAsync(
            () => Task.FromResult(hub.Agent.GetHealth().Details?["cluster"]?["agents"]?.AsArray().FirstOrDefault(a => (string?)a!["node"] == node && (string?)a["status"] == "unhealthy")),
            Wait,
            "the watched agent's report after its only hub failed (its first one, at start, says healthy)");
        Assert.Equal("watched", (string?)entry!["agent"]);
        Assert.Equal("observability.health." + node, (string?)entry["subject"]);

        var gauges = new List<(string Name, double Value)>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter == hub.Pilot.Meter && i.Name.StartsWith("dualhub_cluster_agent_", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            listener.SetMeasurementEventCallback<double>((i, v, tags, _) =>
            {
                foreach (var t in tags)
                {
                    if (t.Key == "node" && (string?)t.Value == node)
                    {
                        gauges.Add((i.Name, v));
                    }
                }
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }

        Assert.Contains(("dualhub_cluster_agent_up", 0), gauges); // unhealthy counts as down
        Assert.Contains(("dualhub_cluster_agent_status", 2), gauges);
        Assert.Contains(gauges, g => g.Name == "dualhub_cluster_agent_health_age_seconds" && g.Value is >= 0 and < 15);
    }

    /// <summary>
    /// Replaces meminfo whole (write, then rename): the agent reads it every 100 ms, and a file caught truncated reads as
    /// no memory figure, which clears the alert and fires it again (an extra resolved/firing pair in the stream).
    /// </summary>
    private static async Task WriteMemoryAsync(string proc, int availableKb)
    {
        var path = Path.Combine(proc, "meminfo");
        await File.WriteAllTextAsync(path + ".tmp", $"MemTotal: 1000 kB\nMemAvailable: {availableKb.ToString(CultureInfo.InvariantCulture)} kB\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private async Task<IReadOnlyList<JsonElement>> AlertsOfAsync(string node, string subject, TimeSpan? wait)
    {
        if (wait is { } w)
        {
            await Poll.UntilAsync(async () => (await AlertsOfAsync(node, subject, null)).Count > 0, w, "an alert of " + node);
        }

        var all = await StreamPayloads.ReadJsonAsync(fx.Pc2Js, ObservabilityStreams.Alerts, subject);
        return [.. all.Where(a => a.Json.GetProperty("node").GetString() == node).Select(a => a.Json)];
    }
}
