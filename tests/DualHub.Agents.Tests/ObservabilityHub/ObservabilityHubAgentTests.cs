using System.Globalization;
using DualHub.Agents.ObservabilityHub;
using DualHub.Client.Health;
using DualHub.Client.Options;
using DualHub.Testing;

namespace DualHub.Agents.Tests.ObservabilityHub;

public sealed class ObservabilityHubAgentTests
{
    [Fact]
    public async Task Polls_every_target_and_reports_the_aggregated_view()
    {
        var (pushgateway, url) = await Anchors.StartPushgatewayAsync();
        await using var _ = pushgateway;
        var down = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var yaml = $"agent: {{ name: obs }}\nhub_endpoints: {{ primary: {url} }}\nobservability_hub:\n  timeout: 5s\n  targets:\n" +
                   $"    - {{ name: edge, kind: hub, url: \"{url}/-/healthy\" }}\n    - {{ name: gone, kind: agent, url: \"http://127.0.0.1:{down}/health\" }}\n";
        var o = AgentConfigLoader.Parse(yaml, "obs.yaml", ["observability_hub"], _ => null).Validate();
        using var agent = new ObservabilityHubAgent(TimeProvider.System);
        agent.Configure(o.Config!.GetSection("observability_hub"), o);

        await agent.PollAsync(CancellationToken.None);

        var states = agent.States.ToDictionary(s => s.Target.Name);
        Assert.True(states["edge"].Up, states["edge"].Error);
        Assert.False(states["gone"].Up);
        Assert.Equal(AgentHealthStatus.Degraded, agent.HealthStatus());
        var details = agent.HealthDetails()!;
        Assert.Equal(1, (int)details["targets_up"]!);
        Assert.Equal(1, (int)details["targets_down"]!);
    }

    [Fact]
    public async Task Without_targets_it_watches_its_own_hubs()
    {
        var (pushgateway, url) = await Anchors.StartPushgatewayAsync();
        await using var _ = pushgateway;
        var down = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var o = AgentConfigLoader.Parse($"agent: {{ name: obs }}\nhub_endpoints: {{ primary: {url}, fallback: {down} }}\n", "obs.yaml", ["observability_hub"], _ => null).Validate();
        using var agent = new ObservabilityHubAgent(TimeProvider.System);

        agent.Configure(null, o);
        await agent.PollAsync(CancellationToken.None);

        var states = agent.States.ToDictionary(s => s.Target.Name);
        Assert.Equal(["fallback", "primary"], states.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new Uri(url + "/-/healthy"), states["primary"].Target.Url);
        Assert.Equal(new Uri(down + "/-/healthy"), states["fallback"].Target.Url);
        Assert.True(states["primary"].Up, states["primary"].Error);
        Assert.False(states["fallback"].Up);
    }
}
