namespace DualHub.Cli.Up;

/// <summary>
/// The plan's two machines on one host's loopback: MainPC runs CentralHub :9000 and a Pushgateway :9091,
/// PC2 runs EdgeHub :9100 and a Pushgateway :9092. <c>--base-port</c> shifts every port by the same offset
/// (base-port 9000 is the plan's layout), so a second copy can run beside the first.
/// </summary>
internal sealed record UpTopology(IReadOnlyList<UpComponent> Components, string StateDirectory, int PortShift)
{
    public const int PlanBasePort = 9000;

    private static readonly (int Shared, int Own)[] SharedHostPorts = [(9092, 9091)];

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

    /// <summary>
    /// Plan ports that are apart only because <c>up</c> puts both machines on one host, with the port each has on a
    /// machine of its own: PC2's Pushgateway is :9091 like MainPC's. <paramref name="hostOfPlanPort"/> places a plan
    /// port; a port moves only where its machine's host is not the host already holding the target port.
    /// </summary>
    public static IReadOnlyDictionary<int, int> OwnHostPorts(Func<int, string> hostOfPlanPort)
    {
        ArgumentNullException.ThrowIfNull(hostOfPlanPort);
        var moves = new Dictionary<int, int>();
        foreach (var (shared, own) in SharedHostPorts)
        {
            if (!string.Equals(hostOfPlanPort(shared), hostOfPlanPort(own), StringComparison.OrdinalIgnoreCase))
            {
                moves[shared] = own;
            }
        }

        return moves;
    }

    public UpComponent Get(string name) => Components.First(c => c.Name == name);
}
