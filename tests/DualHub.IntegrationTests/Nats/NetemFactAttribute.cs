namespace DualHub.IntegrationTests.Nats;

/// <summary>A fact that is skipped, with the reason, where network namespaces or <c>tc netem</c> are not available.</summary>
internal sealed class NetemFactAttribute : FactAttribute
{
    public NetemFactAttribute()
    {
        if (NetnsPartition.NetemUnavailableReason is { } reason)
        {
            Skip = "slow lossy link test skipped: " + reason;
        }
    }
}
