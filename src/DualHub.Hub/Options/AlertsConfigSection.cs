namespace DualHub.Hub.Options;

/// <summary>The YAML shape of the hub's <c>alerts:</c> section; <see cref="Resolve"/> turns it into <see cref="AlertsOptions"/>.</summary>
internal sealed class AlertsConfigSection
{
    private static readonly AlertsOptions Defaults = new();

    public long? WebhookMaxBytes { get; set; }

    public string? UpstreamFailingAfter { get; set; }

    /// <summary>The section with <see cref="UpstreamFailingAfter"/> as parsed by <see cref="HubConfigDocument"/>.</summary>
    public AlertsOptions Resolve(TimeSpan? upstreamFailingAfter) => new()
    {
        WebhookMaxBytes = WebhookMaxBytes ?? Defaults.WebhookMaxBytes,
        UpstreamFailingAfter = upstreamFailingAfter ?? Defaults.UpstreamFailingAfter,
    };
}
