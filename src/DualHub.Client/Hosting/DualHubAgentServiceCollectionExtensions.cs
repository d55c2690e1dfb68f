using DualHub.Client.Health;
using DualHub.Client.Nats;
using DualHub.Client.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace DualHub.Client.Hosting;

/// <summary>Registers a DualHub agent in a service collection (generic host, ASP.NET Core).</summary>
public static class DualHubAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the agent described by the YAML at <paramref name="configPath"/>, changed by
    /// <paramref name="configure"/> when given. See <see cref="AddDualHubAgent(IServiceCollection, DualHubAgentRegistration)"/>.
    /// </summary>
    public static IServiceCollection AddDualHubAgent(this IServiceCollection services, string configPath, Action<AgentOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        return services.AddDualHubAgent(new DualHubAgentRegistration { ConfigPath = configPath, Configure = configure });
    }

    /// <summary>
    /// Registers the agent whose options <paramref name="configure"/> builds in code.
    /// See <see cref="AddDualHubAgent(IServiceCollection, DualHubAgentRegistration)"/>.
    /// </summary>
    public static IServiceCollection AddDualHubAgent(this IServiceCollection services, Action<AgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddDualHubAgent(new DualHubAgentRegistration { Configure = configure });
    }

    /// <summary>
    /// Registers one agent, started and stopped with the host:
    /// <list type="bullet">
    /// <item><see cref="ResolvedAgentOptions"/>: the file read, <see cref="DualHubAgentRegistration.Configure"/> applied,
    /// validated. This happens when the host starts, so a bad config fails the start with the
    /// <see cref="AgentConfigException"/> (file, line, key) that <see cref="AgentConfigLoader"/> or
    /// <see cref="AgentOptions.Validate"/> throws.</item>
    /// <item><see cref="IHealthPublisher"/>, unless one is registered already: the NATS publisher of
    /// <see cref="NatsAgentPublishing"/> (also an <see cref="INatsAgentPublisher"/> and <see cref="IAlertPublisher"/>)
    /// when the options have a NATS URL and <c>nats.enabled</c>, else <see cref="NullHealthPublisher"/>.</item>
    /// <item><see cref="IDualHubAgent"/>, created with the container's <see cref="ILoggerFactory"/> and
    /// <see cref="TimeProvider"/> when registered, and disposed with the container.</item>
    /// <item>A hosted service that starts the agent with the host and stops it with the host.</item>
    /// <item>The health check <c>dualhub-agent</c> (<see cref="HealthChecksBuilderExtensions"/>).</item>
    /// </list>
    /// Throws <see cref="InvalidOperationException"/> when an agent is registered already: one agent per container.
    /// </summary>
    public static IServiceCollection AddDualHubAgent(this IServiceCollection services, DualHubAgentRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registration);
        if (services.Any(d => d.ServiceType == typeof(ResolvedAgentOptions)))
        {
            throw new InvalidOperationException("A DualHub agent is registered already: one agent per service collection.");
        }

        // Taken now: a registration changed after this call changes nothing.
        var configPath = registration.ConfigPath;
        string[] sections = [.. registration.AgentSections];
        var configure = registration.Configure;
        var meterFilter = registration.MeterFilter;
        services.AddSingleton(_ => Resolve(configPath, sections, configure));
        services.TryAddSingleton<IHealthPublisher>(sp =>
            (IHealthPublisher?)NatsAgentPublishing.Create(sp.GetRequiredService<ResolvedAgentOptions>(), sp.GetService<ILoggerFactory>(), sp.GetService<TimeProvider>())
            ?? NullHealthPublisher.Instance);
        services.AddSingleton(sp => DualHubAgentFactory.Create(
            sp.GetRequiredService<ResolvedAgentOptions>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<TimeProvider>(),
            meterFilter,
            sp.GetRequiredService<IHealthPublisher>()));
        services.AddHostedService(sp => new DualHubAgentHostedService(sp.GetRequiredService<IDualHubAgent>()));
        services.AddHealthChecks().AddDualHubAgent();
        return services;
    }

    private static ResolvedAgentOptions Resolve(string? configPath, string[] sections, Action<AgentOptions>? configure)
    {
        var options = configPath is null ? new AgentOptions() : AgentConfigLoader.Load(configPath, sections);
        configure?.Invoke(options);
        return options.Validate();
    }
}
