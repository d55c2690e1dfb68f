using System.Collections.Concurrent;
using DualHub.Client.Agent;
using DualHub.Client.Events;

namespace DualHub.Client.Tests.Agent;

/// <summary>Hang detection on the agent's clock: each hub's push timeout follows the latency it has shown.</summary>
public sealed partial class AgentDeliveryTests
{
    private static async Task PushAsync(DualHubAgent agent, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await agent.PushNowAsync());
        }
    }

    private List<TimeSpan> LastTimeouts(int port, int count) => [.. _hubs.Timeouts.Where(t => t.Port == port).Select(t => t.Timeout).TakeLast(count)];

    [Fact]
    public async Task A_hub_that_answers_in_milliseconds_is_left_600_ms_after_it_hangs()
    {
        var agent = await StartAsync();
        var accepted = new ConcurrentQueue<BatchAcceptedEventArgs>();
        agent.BatchAccepted += (_, e) => accepted.Enqueue(e);
        _hubs.Latency(Primary, TimeSpan.FromMilliseconds(3));
        await PushAsync(agent, 10);
        _hubs.Hang(Primary);

        await PushAsync(agent, 1);

        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200)], LastTimeouts(Primary, 3));
        var e = accepted.Last();
        Assert.Equal((1, 11L), (e.HubIndex, e.Sequence));
        Assert.Equal(TimeSpan.FromMilliseconds(600), e.At - e.FirstAttemptAt);
        Assert.Equal(1, agent.Stats.Failovers);
    }

    [Fact]
    public async Task Until_a_hub_has_answered_latency_min_samples_times_its_requests_wait_push_timeout()
    {
        var agent = await StartAsync();
        _hubs.Latency(Primary, TimeSpan.FromMilliseconds(3));
        await PushAsync(agent, 8);

        Assert.All(_hubs.Timeouts.Where(t => t.Port == Primary), t => Assert.Equal(TimeSpan.FromMilliseconds(500), t.Timeout));
        await PushAsync(agent, 1);
        Assert.Equal([TimeSpan.FromMilliseconds(200)], LastTimeouts(Primary, 1));
    }

    [Fact]
    public async Task A_slow_hub_answering_twice_as_slowly_as_usual_is_not_failed()
    {
        var agent = await StartAsync();
        _hubs.Latency(Primary, TimeSpan.FromMilliseconds(200));
        await PushAsync(agent, 10);
        Assert.Equal([TimeSpan.FromMilliseconds(600)], LastTimeouts(Primary, 1));
        _hubs.Latency(Primary, TimeSpan.FromMilliseconds(400));

        await PushAsync(agent, 1);

        Assert.Equal(0, agent.Stats.Failovers);
        Assert.Equal(0, agent.Stats.ActiveHubIndex);
        await PushAsync(agent, 1);
        Assert.Equal([TimeSpan.FromMilliseconds(1200)], LastTimeouts(Primary, 1));
    }

    [Fact]
    public async Task With_adaptive_timeout_off_every_push_waits_push_timeout()
    {
        var agent = await StartAsync(Options(o => o.Failover.AdaptiveTimeout = false));
        _hubs.Latency(Primary, TimeSpan.FromMilliseconds(3));
        await PushAsync(agent, 10);
        _hubs.Hang(Primary);

        await PushAsync(agent, 1);

        Assert.All(_hubs.Timeouts.Where(t => t.Port == Primary), t => Assert.Equal(TimeSpan.FromMilliseconds(500), t.Timeout));
        Assert.Equal(1, agent.Stats.Failovers);
    }
}
