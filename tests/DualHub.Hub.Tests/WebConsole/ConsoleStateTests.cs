using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Hub.WebConsole;
using DualHub.Hub.WebConsole.History;
using DualHub.Metrics.Model;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.WebConsole;

public sealed class ConsoleStateTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Pushes_of_agents_beyond_the_limit_count_as_other_agents()
    {
        var state = new ConsoleState(new HubOptions(), _clock);
        for (var i = 0; i < ConsoleState.MaxAgents + 50; i++)
        {
            state.CountPush(Group("batch", "host-" + i));
        }

        state.CountPush(Group("batch", "host-0"));
        Assert.Equal(ConsoleState.MaxAgents + 1, state.CountedAgents);

        var values = new Dictionary<string, double>();
        state.AddPushRates(values, 10);
        Assert.Equal(ConsoleState.MaxAgents + 1, values.Count);
        Assert.Contains("push_rate/" + ConsoleState.OtherAgents, values.Keys);
        Assert.Contains("push_rate/batch/host-0", values.Keys);
        Assert.DoesNotContain("push_rate/batch/host-" + ConsoleState.MaxAgents, values.Keys);
    }

    [Fact]
    public void An_agent_silent_for_an_hour_leaves_the_count_and_one_still_pushing_keeps_its_rate()
    {
        var state = new ConsoleState(new HubOptions(), _clock);
        state.CountPush(Group("batch", "gone"));
        state.CountPush(Group("batch", "busy"));
        state.AddPushRates([], 10);

        _clock.Advance(ConsoleHistory.Interval * ConsoleHistory.Capacity);
        for (var i = 0; i < 5; i++)
        {
            state.CountPush(Group("batch", "busy"));
        }

        var values = new Dictionary<string, double>();
        state.AddPushRates(values, 10);
        Assert.Equal(0.5, Assert.Single(values, v => v.Key == "push_rate/batch/busy").Value);
        Assert.Equal(1, state.CountedAgents);
    }

    private static GroupId Group(string job, string instance) => GroupId.From([new Label("instance", instance), new Label("job", job)]);
}
