using System.Diagnostics.Metrics;
using DualHub.Client.Agent;
using DualHub.Client.Collection;
using DualHub.Client.Delivery;
using DualHub.Client.Health;
using DualHub.Client.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Client;

/// <summary>Creates agents.</summary>
public static class DualHubAgentFactory
{
    /// <summary>
    /// Creates an agent (not started). <paramref name="meterFilter"/> picks the meters pushed (default: all but
    /// <c>System.*</c> and <c>Microsoft.*</c>); <paramref name="healthPublisher"/> defaults to <see cref="NullHealthPublisher"/>.
    /// Throws <see cref="AgentConfigException"/> when the options are invalid.
    /// </summary>
    public static IDualHubAgent Create(AgentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Func<Meter, bool>? meterFilter = null, IHealthPublisher? healthPublisher = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options.Validate(), loggerFactory, timeProvider, meterFilter, healthPublisher);
    }

    /// <summary>An agent on options already validated (services.AddDualHubAgent resolves them once for all its parts).</summary>
    internal static IDualHubAgent Create(ResolvedAgentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Func<Meter, bool>? meterFilter = null, IHealthPublisher? healthPublisher = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var time = timeProvider ?? TimeProvider.System;
        return new DualHubAgent(
            options,
            new HttpHubTransport(options.Failover.LongestTimeout, time, options.TlsConfig, options.BasicAuth),
            time,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DualHub.Client"),
            meterFilter ?? MeterCollector.DefaultFilter,
            healthPublisher ?? NullHealthPublisher.Instance);
    }
}
