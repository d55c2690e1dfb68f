using DualHub.Client;
using DualHub.Client.Health;
using DualHub.Client.Hosting;
using DualHub.Client.Nats;
using DualHub.Client.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DualHub.Agents.Hosting;

/// <summary>Runs a pilot agent from its YAML config: what <c>dualhub agent NAME --config FILE</c> does.</summary>
public static class AgentHost
{
    /// <summary>Loads the config, starts the agent (pushes, probes, <c>/health</c>) and its work; throws <see cref="AgentConfigException"/>.</summary>
    public static async Task<RunningAgent> StartAsync(string name, string configPath, ILoggerFactory loggerFactory, TimeProvider? time = null, CancellationToken ct = default)
    {
        time ??= TimeProvider.System;
        var pilot = PilotAgents.Create(name, time)
            ?? throw new AgentConfigException("agent", $"unknown agent '{name}' (known: {string.Join(", ", PilotAgents.Names)})");
        // The SDK's own registration builds the agent (config, NATS publisher, agent); the pilot runs beside it.
        var services = new ServiceCollection()
            .AddSingleton(loggerFactory)
            .AddSingleton(time)
            .AddDualHubAgent(new DualHubAgentRegistration
            {
                ConfigPath = configPath,
                AgentSections = { pilot.Section },
                MeterFilter = m => m == pilot.Meter || m.Name == "DualHub.Client",
            })
            .BuildServiceProvider();
        try
        {
            var options = services.GetRequiredService<ResolvedAgentOptions>();
            pilot.Configure(options.Config?.GetSection(pilot.Section), options);
            if (services.GetRequiredService<IHealthPublisher>() is IAlertPublisher alerts && pilot is INatsPilot natsPilot)
            {
                natsPilot.UseAlerts(alerts);
            }

            var agent = services.GetRequiredService<IDualHubAgent>();
            agent.HealthDetails = pilot.HealthDetails;
            agent.HealthStatus = pilot.HealthStatus;
            await agent.StartAsync(ct);
            var cts = new CancellationTokenSource();
            var work = Task.Run(() => pilot.RunAsync(cts.Token), CancellationToken.None);
            return new RunningAgent(pilot, agent, cts, work, services);
        }
        catch
        {
            await services.DisposeAsync();
            pilot.Dispose();
            throw;
        }
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled (SIGINT/SIGTERM); exit code 0, or 2 for a bad config.</summary>
    public static async Task<int> RunAsync(string name, string configPath, CancellationToken ct)
    {
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            }));
        RunningAgent running;
        try
        {
            running = await StartAsync(name, configPath, loggerFactory, TimeProvider.System, ct);
        }
        catch (AgentConfigException ex)
        {
            await Console.Error.WriteLineAsync("dualhub agent: " + ex.Message);
            return 2;
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync("dualhub agent: " + ex.Message);
            return 2;
        }

        await using (running)
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, ct);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }
}
