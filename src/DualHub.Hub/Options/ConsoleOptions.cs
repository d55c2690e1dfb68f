namespace DualHub.Hub.Options;

/// <summary>
/// The console's <c>console:</c> section: the deployment's parts (hubs, Pushgateways, NATS monitoring, agents' health
/// listeners) that CentralHub's page shows. Empty on any other hub.
/// </summary>
public sealed record ConsoleOptions
{
    internal ConsoleOptions()
    {
    }

    public IReadOnlyList<DeploymentPart> Deployment { get; internal init; } = [];
}
