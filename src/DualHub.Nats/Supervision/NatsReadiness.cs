namespace DualHub.Nats.Supervision;

/// <summary>What "ready" means when waiting for a server.</summary>
public enum NatsReadiness
{
    /// <summary><c>/healthz?js-enabled-only=true</c> is 200: the process listens and JetStream is on (no meta leader needed).</summary>
    JetStreamEnabled,

    /// <summary><c>/healthz</c> is 200: JetStream is current with a meta leader (and, in a cluster, with its peers).</summary>
    Healthy,
}
