namespace DualHub.Cli.Up;

/// <summary>
/// The plan's two machines on one host's loopback: MainPC runs CentralHub :9000 and a Pushgateway :9091,
/// PC2 runs EdgeHub :9100 and a Pushgateway :9092. <c>--base-port</c> shifts every port by the same offset
/// (base-port 9000 is the plan's layout), so a second copy can run beside the first.
/// </summary>
internal sealed record UpTopology(IReadOnlyList<UpComponent> Components, string StateDirectory, int PortShift)
{
    public const int PlanBasePort = 9000;

    public static UpTopology Plan(int basePort, string stateDirectory)
    {
        var shift = basePort - PlanBasePort;
        return new UpTopology(
            [
                new UpComponent("central-hub", "mainpc", "hub", "central", 9000 + shift),
                new UpComponent("edge-hub", "pc2", "hub", "edge", 9100 + shift),
                new UpComponent("pushgateway-mainpc", "mainpc", "hub", "pushgateway", 9091 + shift),
                new UpComponent("pushgateway-pc2", "pc2", "hub", "pushgateway", 9092 + shift),
            ],
            stateDirectory,
            shift);
    }

    public UpComponent Get(string name) => Components.First(c => c.Name == name);
}
