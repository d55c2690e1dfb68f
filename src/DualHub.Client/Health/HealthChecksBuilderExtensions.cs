using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualHub.Client.Health;

/// <summary>Registers an agent with ASP.NET Core / generic-host health checks.</summary>
public static class HealthChecksBuilderExtensions
{
    /// <summary>Adds a health check reporting <paramref name="agent"/>'s state (see docs/client.md).</summary>
    public static IHealthChecksBuilder AddDualHubAgent(this IHealthChecksBuilder builder, IDualHubAgent agent, string name = "dualhub-agent", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agent);
        return builder.Add(new HealthCheckRegistration(name, new DualHubAgentHealthCheck(agent), HealthStatus.Unhealthy, tags));
    }

    /// <summary>
    /// Adds a health check reporting the state of the <see cref="IDualHubAgent"/> registered in the container
    /// (by <see cref="Hosting.DualHubAgentServiceCollectionExtensions"/>, which calls this).
    /// </summary>
    public static IHealthChecksBuilder AddDualHubAgent(this IHealthChecksBuilder builder, string name = "dualhub-agent", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(name, sp => new DualHubAgentHealthCheck(sp.GetRequiredService<IDualHubAgent>()), HealthStatus.Unhealthy, tags));
    }
}
