using DualHub.Nats.Supervision;

namespace DualHub.IntegrationTests.Nats;

/// <summary>
/// The leaf topology with PC2's nats-server inside a <see cref="NetnsPartition"/>: clients reach it over link A, its
/// leafnode link to MainPC runs over link B, which <see cref="NetnsPartition.Cut"/> takes down.
/// </summary>
internal static class NetnsLeaf
{
    public static Task<NatsTestDeployment> StartAsync(NetnsPartition net) => NatsTestDeployment.StartAsync(
        dir =>
        {
            var t = NatsTestTopologies.Leaf(dir);
            t.Nodes[0].LeafHost = net.HostSideB;
            t.Nodes[1].Host = net.EdgeAddress;
            return t;
        },
        new NatsSupervisorOptions { LaunchPrefix = node => node == "pc2" ? ["ip", "netns", "exec", net.Namespace] : [] });
}
