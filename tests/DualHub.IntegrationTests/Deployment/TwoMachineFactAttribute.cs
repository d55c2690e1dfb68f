using DualHub.Testing.Netns;

namespace DualHub.IntegrationTests.Deployment;

/// <summary>A fact that needs two network namespaces (root, iproute2's ip and tc); skipped with the reason otherwise.</summary>
internal sealed class TwoMachineFactAttribute : FactAttribute
{
    public TwoMachineFactAttribute()
    {
        if (NetnsPair.UnavailableReason is { } reason)
        {
            Skip = "two-machine test skipped: " + reason;
        }
    }
}
