using System.Text.Json;
using DualHub.Client.Agent;
using DualHub.Client.Events;
using DualHub.Client.Failover;
using DualHub.Client.Health;
using DualHub.Client.Nats;
using DualHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Client.Tests.Nats;

/// <summary>The agent's NATS publisher with a scripted stream: subjects, msg ids, retries, the bounded queue.</summary>
public sealed class NatsHealthPublisherTests : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeObservabilityPublisher _stream = new();
    private readonly List<NatsHealthPublisher> _publishers = [];

    public async ValueTask DisposeAsync()
    {
        _stream.Release();
        foreach (var p in _publishers)
        {
            var dispose = p.DisposeAsync().AsTask();
            while (!dispose.IsCompleted)
            {
                _time.Advance(TimeSpan.FromSeconds(1)); // the drain deadline runs on the fake clock
                await Task.WhenAny(dispose, Task.Delay(10));
            }

            await dispose;
        }
    }

    private NatsHealthPublisher Create(int capacity = 256, string agent = "resource_manager")
    {
        var p = new NatsHealthPublisher(_stream, agent, "pc2", "observability.health.pc2", _time, NullLogger.Instance, capacity);
        _publishers.Add(p);
        return p;
    }

    private AgentHealthReport Report(AgentHealthStatus status = AgentHealthStatus.Healthy)
    {
        var stats = new AgentStats(7, 7, 0, 0, 0, 0, 0, 0, 0, 0, "primary", 7, "primary", _time.GetUtcNow());
        var hubs = new[] { new HubStatus(0, "primary", new Uri("http://127.0.0.1:9100/"), HubState.Healthy, true, 0, null, null, null, _time.GetUtcNow()) };
        return new AgentHealthReport(status, "resource_manager", "pc2", hubs, stats, _time.GetUtcNow(), _time.GetUtcNow(), null);
    }

    [Fact]
    public async Task Health_goes_to_the_health_subject_as_the_health_json_with_one_msg_id_per_message()
    {
        var p = Create();
        var report = Report(AgentHealthStatus.Degraded);

        await p.PublishHealthAsync(report, default);
        await p.PublishHealthAsync(report, default);
        await Poll.UntilAsync(() => _stream.Stored.Count == 2, Wait, "two health messages stored");

        var stored = _stream.Stored.ToArray();
        Assert.All(stored, m => Assert.Equal("observability.health.pc2", m.Subject));
        Assert.Equal(report.ToJson(), System.Text.Encoding.UTF8.GetString(stored[0].Payload));
        var run = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([$"resource_manager/pc2/{run}/h1", $"resource_manager/pc2/{run}/h2"], stored.Select(m => m.MsgId));
        Assert.Equal(2, p.Published);
    }

    [Fact]
    public async Task A_failed_send_is_retried_with_the_same_msg_id_until_the_stream_takes_it()
    {
        var p = Create();
        _stream.FailNext = 3;

        await p.PublishHealthAsync(Report(), default);
        await Poll.UntilAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1)); // the retry backoff runs on the agent's clock
                return _stream.Stored.Count == 1;
            },
            Wait,
            "the message stored after three failures");

        Assert.Equal(4, _stream.Attempts.Count);
        Assert.Single(_stream.Attempts.Select(a => a.MsgId).Distinct());
        Assert.Equal(1, p.Published);
        Assert.Equal(0, p.Dropped);
    }

    [Fact]
    public async Task Publishing_never_waits_for_nats_and_a_full_queue_drops_the_oldest()
    {
        var p = Create(capacity: 4, agent: "drop_test");
        _stream.Hold(); // NATS hangs
        await p.PublishHealthAsync(Report(), default);
        await Poll.UntilAsync(() => _stream.Attempts.Count == 1, Wait, "the first message in flight");

        for (var i = 0; i < 7; i++)
        {
            Assert.True(p.PublishHealthAsync(Report(), default).AsTask().IsCompletedSuccessfully);
        }

        Assert.Equal(4, p.Queued);
        Assert.Equal(3, p.Dropped);
        Assert.Equal(3, DroppedMetric("drop_test"));
        _stream.Release();
        await Poll.UntilAsync(() => _stream.Stored.Count == 5, Wait, "the in-flight message and the 4 newest stored");

        Assert.Equal(["h1", "h5", "h6", "h7", "h8"], _stream.Stored.Select(m => m.MsgId[(m.MsgId.LastIndexOf('/') + 1)..]));
    }

    private static long DroppedMetric(string agent)
    {
        long? value = null;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == "DualHub.Client" && i.Name == "dualhub_client_nats_dropped")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, v, tags, _) =>
        {
            foreach (var t in tags)
            {
                if (t.Key == "agent" && (string?)t.Value == agent)
                {
                    value = v;
                }
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? -1;
    }

    [Theory]
    [InlineData("fallback", true, "observability.alerts.warning", "firing")]
    [InlineData(null, true, "observability.alerts.urgent", "firing")]
    [InlineData("primary", false, "observability.alerts.warning", "resolved")]
    public async Task A_hub_change_is_an_alert_warning_when_a_hub_still_takes_the_data_urgent_when_none_does(string? toHub, bool failover, string subject, string state)
    {
        var p = Create();
        var change = new HubChangedEventArgs("primary", new Uri("http://127.0.0.1:9100/"), toHub, toHub is null ? null : new Uri("http://127.0.0.1:9000/"), "ConnectionRefused", _time.GetUtcNow(), 42, failover);

        await p.PublishHubChangedAsync("resource_manager", "pc2", change, default);
        await Poll.UntilAsync(() => _stream.Stored.Count == 1, Wait, "the alert stored");

        var (actualSubject, payload, msgId) = Assert.Single(_stream.Stored);
        Assert.Equal(subject, actualSubject);
        Assert.EndsWith("/a1", msgId, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(payload);
        Assert.Equal("hub_failover", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal(state, doc.RootElement.GetProperty("state").GetString());
        Assert.Equal("resource_manager", doc.RootElement.GetProperty("agent").GetString());
        Assert.Equal(42, doc.RootElement.GetProperty("details").GetProperty("sequence").GetInt64());
    }
}
