using DualHub.Agents.Hosting;
using DualHub.Client.Options;

namespace DualHub.Agents.Tests.Hosting;

/// <summary>The shipped configs in deploy/agents load and configure their agent as they are.</summary>
public sealed class DeployConfigTests
{
    private static string DeployDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "agents");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("deploy/agents above " + AppContext.BaseDirectory);
    }

    [Theory]
    [InlineData("resource-manager", "resource_manager.yaml", 9201)]
    [InlineData("unified-utils", "unified_utils.yaml", 9202)]
    [InlineData("observability-hub", "observability_hub.yaml", 9203)]
    public void Each_deploy_config_loads_in_the_plans_shape_and_configures_its_agent(string agent, string file, int healthPort)
    {
        using var pilot = PilotAgents.Create(agent)!;

        var o = AgentConfigLoader.Load(Path.Combine(DeployDir(), file), [pilot.Section], _ => null).Validate();
        pilot.Configure(o.Config!.GetSection(pilot.Section), o);

        Assert.Equal(["primary", "fallback"], o.Hubs.Select(h => h.Name));
        Assert.Equal([new Uri("http://127.0.0.1:9100"), new Uri("http://127.0.0.1:9000")], o.Hubs.Select(h => h.Url));
        Assert.Equal(new Uri("http://127.0.0.1:9092"), o.Pushgateway);
        Assert.Equal((3, 3), (o.Failover.MaxRetries, o.Failover.FailoverThreshold));
        Assert.Equal(healthPort, o.HealthPort);
        Assert.Equal("pc2", o.Agent.Node);
    }

    [Fact]
    public void Unknown_agent_names_are_not_created()
    {
        Assert.Null(PilotAgents.Create("nope"));
        Assert.Equal(3, PilotAgents.Names.Count);
    }
}
