using DualHub.Client.Health;

namespace DualHub.Client.Nats;

/// <summary>
/// Health and alerts of one agent to NATS JetStream. Every publish is queued (bounded, the oldest dropped when full) and
/// sent by one background loop with a <c>Nats-Msg-Id</c>, so neither a slow nor an unreachable NATS ever delays a push.
/// </summary>
public interface INatsAgentPublisher : IHealthPublisher, IAlertPublisher, IAsyncDisposable
{
    /// <summary>Subject of this agent's health (<c>observability.health.&lt;node&gt;</c> by default).</summary>
    string HealthSubject { get; }

    /// <summary>Messages the stream acknowledged (duplicates included).</summary>
    long Published { get; }

    /// <summary>Messages dropped because the queue was full (NATS unreachable for long).</summary>
    long Dropped { get; }

    /// <summary>Messages waiting in the queue.</summary>
    int Queued { get; }
}
