namespace DualHub.Hub.Options;

/// <summary>
/// The hub's <c>alerts:</c> section: Alertmanager's webhook (<c>POST /api/v1/alerts/webhook</c>, every role with a NATS
/// link) and EdgeHub's own alert about a failing upstream (edge role).
/// </summary>
public sealed record AlertsOptions
{
    /// <summary>Largest webhook body accepted; larger gets 413. Default 4 MiB (Alertmanager sends one group per call).</summary>
    public long WebhookMaxBytes { get; internal init; } = 4L * 1024 * 1024;

    /// <summary>
    /// An edge raises its own alert (on its machine's NATS) once a <c>remote_write</c> upstream has had no 2xx for this
    /// long while data was pending; zero turns it off. Default 60 s.
    /// </summary>
    public TimeSpan UpstreamFailingAfter { get; internal init; } = TimeSpan.FromSeconds(60);
}
