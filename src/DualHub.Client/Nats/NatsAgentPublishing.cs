using DualHub.Client.Options;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Client.Nats;

/// <summary>Creates an agent's NATS publisher from its <c>nats</c> options.</summary>
public static class NatsAgentPublishing
{
    /// <summary>
    /// A publisher connected (lazily, reconnecting forever) to every URL of <c>nats.nats_url</c>, pinging every 3 s;
    /// null when <c>nats.enabled</c> is false or no URL is configured (the agent then publishes nothing).
    /// Throws <see cref="AgentConfigException"/> naming the key for a bad URL or a subject outside <c>observability.health.&gt;</c>.
    /// </summary>
    public static INatsAgentPublisher? Create(AgentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, int queueCapacity = 256)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options.Validate(), loggerFactory, timeProvider, queueCapacity);
    }

    /// <summary>The publisher for options already validated (services.AddDualHubAgent resolves them once for all its parts).</summary>
    internal static INatsAgentPublisher? Create(ResolvedAgentOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, int queueCapacity = 256)
    {
        ArgumentNullException.ThrowIfNull(options);
        var nats = options.Nats;
        if (!nats.Enabled || nats.Urls.Count == 0)
        {
            return null;
        }

        var subject = HealthSubject(nats.HealthSubject);
        var urls = nats.Urls.Select(u => u.OriginalString).ToList();
        global::NATS.Client.Core.NatsConnection connection;
        try
        {
            _ = nats.Auth?.Apply(global::NATS.Client.Core.NatsOpts.Default);
        }
        catch (ArgumentException ex)
        {
            throw new AgentConfigException("nats", "nats." + ex.Message, ex);
        }

        try
        {
            // In order, not shuffled: the first URL (the agent's own machine) is used while it answers, the others
            // only when it does not; whichever server takes a report, the hub's stream ends up with it.
            var opts = NatsConnectionFactory.CreateOptions(urls, $"dualhub-agent-{options.Agent.Name}-{options.Agent.Node}", auth: nats.Auth) with { NoRandomize = true };
            connection = new global::NATS.Client.Core.NatsConnection(opts);
        }
        catch (ArgumentException ex)
        {
            throw new AgentConfigException("nats.nats_url", "nats.nats_url: " + ex.Message, ex);
        }

        var time = timeProvider ?? TimeProvider.System;
        // Short attempts: the loop retries with the same msg id anyway, and a hung server must not hold the queue long.
        var publisher = ObservabilityMessaging.CreatePublisher(connection, new NatsPublisherOptions { MaxAttempts = 3, AttemptTimeout = TimeSpan.FromSeconds(2) }, time);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DualHub.Client.Nats");
        Log.Publishing(logger, subject, string.Join(",", urls));
        return new NatsHealthPublisher(publisher, options.Agent.Name, options.Agent.Node, subject, time, logger, queueCapacity, connection);
    }

    /// <summary>Checks that <paramref name="subject"/> is <c>observability.health.&lt;token&gt;</c>, inside the health stream's filter.</summary>
    internal static string HealthSubject(string subject)
    {
        var prefix = ObservabilityStreams.HealthSubjectPrefix;
        if (!subject.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new AgentConfigException("nats.health_subject", $"nats.health_subject: '{subject}' is outside the health stream's subjects ({prefix}>)");
        }

        try
        {
            return NatsSubjects.Health(subject[prefix.Length..]);
        }
        catch (ArgumentException ex)
        {
            throw new AgentConfigException("nats.health_subject", $"nats.health_subject: '{subject}': {ex.Message}", ex);
        }
    }
}
