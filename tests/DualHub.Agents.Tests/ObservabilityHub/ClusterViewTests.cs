using System.Text;
using DualHub.Agents.ObservabilityHub;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Agents.Tests.ObservabilityHub;

public sealed class ClusterViewTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static byte[] Health(string agent, string status, string time, int activeIndex = 1) =>
        Encoding.UTF8.GetBytes($$"""{"status":"{{status}}","agent":"{{agent}}","node":"pc2","active_hub":{"name":"fallback","url":"http://x/","index":{{activeIndex}}},"spool":{"batches":3},"failovers":1,"time":"{{time}}"}""");

    [Fact]
    public void Keeps_the_newest_report_per_agent_and_ages_it_on_the_clock()
    {
        var view = new ClusterView(_time, TimeSpan.FromSeconds(90));

        Assert.True(view.Apply(Health("rm", "degraded", "2026-01-01T00:00:00.000Z"), "observability.health.pc2", 5, _time.GetUtcNow()));
        Assert.True(view.Apply(Health("rm", "healthy", "2025-12-31T23:59:00.000Z"), "observability.health.pc2", 3, _time.GetUtcNow())); // older: a redelivery
        Assert.False(view.Apply("not json"u8, "observability.health.pc2", 6, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(30));

        var s = Assert.Single(view.Snapshot());
        Assert.Equal(("pc2", "rm", "degraded", "fallback", 1, 3L), (s.Node, s.Agent, s.Status, s.ActiveHub, s.ActiveHubIndex, s.SpoolBatches!.Value));
        Assert.Equal(TimeSpan.FromSeconds(30), view.Age(s));
        Assert.True(view.IsUp(s));
        Assert.Equal(1, view.Invalid);

        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.False(view.IsUp(s));
        Assert.False((bool)view.ToJson()["agents"]![0]!["up"]!);
    }

    [Fact]
    public void An_unhealthy_report_is_not_up()
    {
        var view = new ClusterView(_time, TimeSpan.FromSeconds(90));
        view.Apply(Health("uu", "unhealthy", "2026-01-01T00:00:00.000Z", -1), "observability.health.pc2", 1, _time.GetUtcNow());

        Assert.False(view.IsUp(Assert.Single(view.Snapshot())));
    }
}
