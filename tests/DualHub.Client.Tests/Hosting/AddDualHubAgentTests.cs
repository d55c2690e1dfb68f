using DualHub.Client.Health;
using DualHub.Client.Hosting;
using DualHub.Client.Nats;
using DualHub.Client.Options;
using DualHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace DualHub.Client.Tests.Hosting;

/// <summary><c>services.AddDualHubAgent(...)</c> in a generic host: the agent runs with the host.</summary>
public sealed class AddDualHubAgentTests : IAsyncDisposable
{
    private readonly string _dir = TempDir.Create();
    private readonly FakeHttpHub _hub = new();

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        TempDir.Delete(_dir);
    }

    private string Config(string extra = "")
    {
        var path = Path.Combine(_dir, "agent.yaml");
        File.WriteAllText(path, $"agent: {{ name: di_agent, node: pc2 }}\nhub_endpoints: {{ primary: \"{_hub.Url}\" }}\npush_interval: 0.2\nspool: {{ path: {Path.Combine(_dir, "spool")} }}\n{extra}");
        return path;
    }

    private static IHost Build(Action<IServiceCollection> register)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        register(builder.Services);
        return builder.Build();
    }

    [Fact]
    public async Task A_generic_host_with_AddDualHubAgent_pushes_to_its_hub()
    {
        using var host = Build(s => s.AddDualHubAgent(Config()));

        await host.StartAsync();
        await Poll.UntilAsync(() => !_hub.Pushes.IsEmpty, TimeSpan.FromSeconds(10), "a push from the hosted agent");
        await host.StopAsync();

        Assert.True(_hub.Pushes.TryPeek(out var push));
        Assert.Equal("/metrics/job/di_agent/instance/pc2", push.Path);
        Assert.Contains("dualhub_push_sequence 1", push.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_config_fails_the_host_start_with_the_loaders_file_line_message()
    {
        var path = Config("failover_config:\n  max_retries: many\n");
        var expected = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Load(path));
        using var host = Build(s => s.AddDualHubAgent(path));

        var ex = await Assert.ThrowsAsync<AgentConfigException>(() => host.StartAsync());

        Assert.StartsWith($"{path}:6: failover_config.max_retries:", ex.Message, StringComparison.Ordinal);
        Assert.Equal(expected.Message, ex.Message);
        Assert.Equal("failover_config.max_retries", ex.Key);
    }

    [Fact]
    public async Task The_agent_its_resolved_options_and_its_health_check_resolve_from_options_built_in_code()
    {
        using var host = Build(s => s.AddDualHubAgent(o =>
        {
            o.Agent.Name = "coded";
            o.Agent.Node = "n1";
            o.Hubs.Add(new HubEndpoint("primary", _hub.Url));
            o.Spool.Path = Path.Combine(_dir, "coded");
        }));

        var agent = host.Services.GetRequiredService<IDualHubAgent>();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Same(agent, host.Services.GetRequiredService<IDualHubAgent>());
        Assert.Same(agent.Options, host.Services.GetRequiredService<ResolvedAgentOptions>());
        Assert.Equal(("coded", "n1"), (agent.Options.Agent.Name, agent.Options.Agent.Node));
        Assert.Equal("observability.health.n1", agent.Options.Nats.HealthSubject);
        Assert.Contains("dualhub-agent", report.Entries.Keys);
        Assert.Same(NullHealthPublisher.Instance, host.Services.GetRequiredService<IHealthPublisher>());
    }

    [Fact]
    public void Configure_changes_the_files_options_before_validation_and_nats_gets_its_publisher()
    {
        var path = Config("nats_url: nats://127.0.0.1:4222\n");
        using var host = Build(s => s.AddDualHubAgent(path, o => o.PushInterval = TimeSpan.FromSeconds(7)));

        var options = host.Services.GetRequiredService<ResolvedAgentOptions>();

        Assert.Equal(TimeSpan.FromSeconds(7), options.PushInterval);
        Assert.Equal(Path.Combine(_dir, "spool"), options.Spool.Path);
        Assert.IsAssignableFrom<INatsAgentPublisher>(host.Services.GetRequiredService<IHealthPublisher>());
    }

    [Fact]
    public void One_agent_per_service_collection()
    {
        var services = new ServiceCollection().AddDualHubAgent(Config());

        Assert.Throws<InvalidOperationException>(() => services.AddDualHubAgent(Config()));
    }
}
