using DualHub.Core.Security;

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

    /// <summary>The CA and client certificate the deployment probes use towards https parts (<c>console.tls_config</c>).</summary>
    public ClientTlsConfig? TlsConfig { get; internal init; }

    /// <summary>The credentials the deployment probes send (<c>console.basic_auth</c>).</summary>
    public ClientBasicAuth? BasicAuth { get; internal init; }
}
