using System.Collections.Concurrent;
using DualHub.Client.Agent;
using DualHub.Client.Delivery;
using DualHub.Client.Events;
using DualHub.Client.Health;
using DualHub.Client.Options;
using DualHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Client.Tests.Agent;

/// <summary>The agent's delivery path with scripted hubs and fake time: retries, failover, sequence, spool.</summary>
public sealed partial class AgentDeliveryTests : IAsyncDisposable
{
    private const int Primary = 9100;
    private const int Fallback = 9000;
    private readonly string _spoolDir = TempDir.Create();
    private readonly TimerRecordingTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeTransport _hubs;
    private readonly List<DualHubAgent> _agents = [];

    public AgentDeliveryTests() => _hubs = new FakeTransport { Clock = _time };

    public async ValueTask DisposeAsync()
    {
        foreach (var a in _agents)
        {
            await a.DisposeAsync();
        }

        TempDir.Delete(_spoolDir);
    }

    private AgentOptions Options(Action<AgentOptions>? tweak = null)
    {
        var o = new AgentOptions { Agent = { Name = "test_agent", Node = "pc2" } };
        o.Hubs.Add(new HubEndpoint("primary", new Uri($"http://127.0.0.1:{Primary}")));
        o.Hubs.Add(new HubEndpoint("fallback", new Uri($"http://127.0.0.1:{Fallback}")));
        o.Spool.Path = _spoolDir;
        o.Failover.RetryBackoff = TimeSpan.Zero;
        tweak?.Invoke(o);
        return o;
    }

    private async Task<DualHubAgent> StartAsync(AgentOptions? options = null)
    {
        var a = new DualHubAgent((options ?? Options()).Validate(), _hubs, _time, NullLogger.Instance, m => m.Name == "none", NullHealthPublisher.Instance) { AutoRun = false };
        _agents.Add(a);
        await a.StartAsync();
        return a;
    }

    [Fact]
    public async Task A_batch_in_flight_when_the_agent_stops_is_spooled_and_sent_first_after_the_restart()
    {
        var stopping = new DualHubAgent(Options().Validate(), new UnansweredTransport(), _time, NullLogger.Instance, m => m.Name == "none", NullHealthPublisher.Instance) { AutoRun = false };
        _agents.Add(stopping);
        await stopping.StartAsync();
        using var stop = new CancellationTokenSource();
        var push = stopping.PushNowAsync(stop.Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push);
        Assert.Equal(1, stopping.Stats.SpoolBatches);
        await stopping.StopAsync();

        var restarted = await StartAsync();
        Assert.True(await restarted.PushNowAsync());

        Assert.Equal([(Primary, 1L), (Primary, 2)], _hubs.Accepted);
    }

    [Fact]
    public async Task A_refused_batch_is_tried_max_retries_times_then_resent_with_its_number_to_the_fallback()
    {
        var agent = await StartAsync();
        var failovers = new List<HubChangedEventArgs>();
        agent.FailedOver += (_, e) => failovers.Add(e);
        Assert.True(await agent.PushNowAsync());
        _hubs.Down(Primary);

        Assert.True(await agent.PushNowAsync());

        Assert.Equal([(Primary, 1L), (Primary, 2), (Primary, 2), (Primary, 2), (Fallback, 2)], _hubs.Attempts);
        Assert.Equal([(Primary, 1L), (Fallback, 2)], _hubs.Accepted);
        var f = Assert.Single(failovers);
        Assert.Equal(("primary", "fallback", 2L), (f.FromHub, f.ToHub, f.Sequence));
        Assert.Equal(1, agent.Stats.Failovers);
        Assert.Equal(1, agent.Stats.ActiveHubIndex);
    }

    [Fact]
    public async Task After_a_failover_new_batches_go_straight_to_the_fallback_with_consecutive_numbers()
    {
        var agent = await StartAsync();
        _hubs.Down(Primary);
        for (var i = 0; i < 4; i++)
        {
            await agent.PushNowAsync();
        }

        Assert.Equal([1, 2, 3, 4], _hubs.AcceptedBy(Fallback));
        Assert.Equal(3, _hubs.Attempts.Count(a => a.Port == Primary));
    }

    [Fact]
    public async Task Crash_detection_takes_max_retries_minus_one_backoffs_on_the_agents_clock()
    {
        var agent = await StartAsync(Options(o => o.Failover.RetryBackoff = TimeSpan.FromMilliseconds(50)));
        var accepted = new ConcurrentQueue<BatchAcceptedEventArgs>();
        agent.BatchAccepted += (_, e) => accepted.Enqueue(e);
        _hubs.Down(Primary);

        var push = agent.PushNowAsync();
        await Poll.UntilAsync(() => _hubs.Attempts.Count == 1, TimeSpan.FromSeconds(5), "first attempt");

        // Each backoff is armed a moment after its attempt failed: advanced before that, the clock would not reach it.
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromMilliseconds(50)) == 1, TimeSpan.FromSeconds(5), "the first backoff armed");
        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Single(_hubs.Attempts);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => _hubs.Attempts.Count == 2, TimeSpan.FromSeconds(5), "second attempt");
        await Poll.UntilAsync(() => _time.Armed(TimeSpan.FromMilliseconds(50)) == 2, TimeSpan.FromSeconds(5), "the second backoff armed");
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(await push);

        var e = Assert.Single(accepted);
        Assert.Equal(TimeSpan.FromMilliseconds(100), e.At - e.FirstAttemptAt);
        Assert.Equal((1, 4), (e.HubIndex, e.Attempts));
    }

    [Fact]
    public async Task Every_attempt_of_a_batch_carries_its_time_strictly_increasing_per_batch_also_from_the_spool()
    {
        // The fake clock stands still: batches made in one millisecond still get distinct, increasing times.
        var agent = await StartAsync();
        Assert.True(await agent.PushNowAsync());
        _hubs.Down(Primary);
        _hubs.Down(Fallback);
        Assert.False(await agent.PushNowAsync());
        Assert.False(await agent.PushNowAsync());
        _hubs.Up(Fallback);
        Assert.True(await agent.PushNowAsync());

        var bySequence = _hubs.BatchTimes.GroupBy(b => b.Sequence).ToDictionary(g => g.Key, g => g.Select(b => b.TimeMs).Distinct().ToList());
        Assert.Equal([1, 2, 3, 4], bySequence.Keys.Order());
        Assert.All(bySequence.Values, times => Assert.Single(times)); // a retry, a failover and a spool drain resend the batch's own time
        var times = bySequence.OrderBy(kv => kv.Key).Select(kv => kv.Value[0]).ToList();
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), times[0]);
        Assert.Equal(times.Order().Distinct(), times);
    }

    [Fact]
    public async Task What_no_hub_accepts_is_spooled_and_delivered_in_order_when_a_hub_returns()
    {
        var agent = await StartAsync();
        _hubs.Down(Primary);
        _hubs.Down(Fallback);
        for (var i = 0; i < 3; i++)
        {
            Assert.False(await agent.PushNowAsync());
        }

        Assert.Equal(3, agent.Stats.SpoolBatches);
        Assert.Equal(-1, agent.Stats.ActiveHubIndex);
        Assert.Equal(AgentHealthStatus.Unhealthy, agent.GetHealth().Status);
        _hubs.Up(Fallback);

        Assert.True(await agent.PushNowAsync());

        Assert.Equal([1, 2, 3, 4], _hubs.AcceptedBy(Fallback));
        Assert.Equal(0, agent.Stats.SpoolBatches);
        Assert.Empty(Directory.EnumerateFiles(_spoolDir, "*.batch"));
    }

    [Fact]
    public async Task A_restarted_agent_delivers_its_full_spool_in_order_before_new_data_and_keeps_numbering()
    {
        var first = await StartAsync(Options(o => o.Spool.MaxBatches = 5));
        _hubs.Down(Primary);
        _hubs.Down(Fallback);
        for (var i = 0; i < 5; i++)
        {
            await first.PushNowAsync();
        }

        await first.DisposeAsync();
        Assert.Equal(5, Directory.EnumerateFiles(_spoolDir, "*.batch").Count());
        _hubs.Up(Primary);
        _hubs.Up(Fallback);

        var second = await StartAsync(Options(o => o.Spool.MaxBatches = 5));
        Assert.Equal(5, second.Stats.SpoolBatches);
        Assert.True(await second.PushNowAsync());

        Assert.Equal([1, 2, 3, 4, 5, 6], _hubs.AcceptedBy(Primary));
        Assert.Equal(6, second.Stats.Sequence);
    }

    [Fact]
    public async Task A_full_spool_drops_its_oldest_counts_them_and_raises_an_event()
    {
        var agent = await StartAsync(Options(o => o.Spool.MaxBatches = 3));
        var overflows = new List<SpoolOverflowEventArgs>();
        agent.SpoolOverflow += (_, e) => overflows.Add(e);
        _hubs.Down(Primary);
        _hubs.Down(Fallback);
        for (var i = 0; i < 5; i++)
        {
            await agent.PushNowAsync();
        }

        Assert.Equal([1L, 2], overflows.Select(o => o.FirstSequence));
        Assert.Equal(2, agent.Stats.SpoolDropped);
        _hubs.Up(Primary);
        await agent.PushNowAsync();

        Assert.Equal([3, 4, 5, 6], _hubs.AcceptedBy(Primary));
    }

    [Fact]
    public async Task A_batch_the_spool_cannot_write_is_counted_as_dropped_and_the_agent_goes_on()
    {
        var agent = await StartAsync();
        var overflows = new List<SpoolOverflowEventArgs>();
        agent.SpoolOverflow += (_, e) => overflows.Add(e);
        _hubs.Down(Primary);
        _hubs.Down(Fallback);
        Directory.Delete(_spoolDir, recursive: true);
        await File.WriteAllTextAsync(_spoolDir, "not a directory");

        Assert.False(await agent.PushNowAsync());

        Assert.Equal(1, agent.Stats.SpoolDropped);
        Assert.Equal(1L, Assert.Single(overflows).FirstSequence);
        File.Delete(_spoolDir);
        Directory.CreateDirectory(_spoolDir);
        _hubs.Up(Primary);
        Assert.True(await agent.PushNowAsync());
        Assert.Equal([2], _hubs.AcceptedBy(Primary));
    }

    [Fact]
    public async Task A_batch_the_hub_rejects_as_invalid_is_dropped_without_failover()
    {
        var agent = await StartAsync();
        _hubs.Set(Primary, new PushOutcome(PushStatus.Rejected, 400, "bad"));

        Assert.False(await agent.PushNowAsync());

        Assert.Single(_hubs.Attempts);
        Assert.Equal(0, agent.Stats.Failovers);
        Assert.Equal(1, agent.Stats.BatchesRejected);
        Assert.Equal(0, agent.Stats.SpoolBatches);
    }

    [Fact]
    public async Task A_throwing_event_handler_does_not_lose_the_batch()
    {
        var agent = await StartAsync();
        agent.FailedOver += (_, _) => throw new InvalidOperationException("host bug");
        _hubs.Down(Primary);

        Assert.True(await agent.PushNowAsync());
        Assert.Equal([1], _hubs.AcceptedBy(Fallback));
    }

    [Fact]
    public async Task Health_report_shows_hubs_active_hub_spool_and_sequence()
    {
        var agent = await StartAsync();
        _hubs.Down(Primary);
        await agent.PushNowAsync();

        var json = System.Text.Json.JsonDocument.Parse(agent.GetHealth().ToJson()).RootElement;

        Assert.Equal("degraded", json.GetProperty("status").GetString());
        Assert.Equal("test_agent", json.GetProperty("agent").GetString());
        Assert.Equal("fallback", json.GetProperty("active_hub").GetProperty("name").GetString());
        Assert.Equal("unhealthy", json.GetProperty("hubs")[0].GetProperty("state").GetString());
        Assert.Equal(1, json.GetProperty("last_push").GetProperty("sequence").GetInt64());
        Assert.Equal(1, json.GetProperty("sequence").GetInt64());
        Assert.Equal(0, json.GetProperty("spool").GetProperty("batches").GetInt32());
        Assert.Equal(1, json.GetProperty("failovers").GetInt64());
    }
}
