using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualHub.Client.Health;

/// <summary>Registers an agent with ASP.NET Core / generic-host health checks.</summary>
public static class HealthChecksBuilderExtensions
{
    private const string DefaultName = "dualhub-agent";

    /// <summary>Adds a health check reporting <paramref name="agent"/>'s state (see docs/client.md).</summary>
    public static IHealthChecksBuilder AddDualHubAgent(this IHealthChecksBuilder builder, IDualHubAgent agent, string name = DefaultName, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agent);
        return builder.Add(new HealthCheckRegistration(name, new DualHubAgentHealthCheck(agent), HealthStatus.Unhealthy, tags));
    }

    /// <summary>The same check for the <see cref="IDualHubAgent"/> registered in the container by services.AddDualHubAgent.</summary>
    internal static IHealthChecksBuilder AddDualHubAgent(this IHealthChecksBuilder builder) =>
        builder.Add(new HealthCheckRegistration(DefaultName, sp => new DualHubAgentHealthCheck(sp.GetRequiredService<IDualHubAgent>()), HealthStatus.Unhealthy, null));
}
