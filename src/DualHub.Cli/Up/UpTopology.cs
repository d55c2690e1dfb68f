namespace DualHub.Cli.Up;

/// <summary>
/// The plan's two machines on one host's loopback: MainPC runs CentralHub :9000, its store :8428, vmalert :8880,
/// Alertmanager :9093 and a Pushgateway :9091, PC2 runs EdgeHub :9100 and a Pushgateway :9092. <c>--base-port</c>
/// shifts every port by the same offset (base-port 9000 is the plan's layout), so a second copy can run beside the first.
/// </summary>
internal sealed record UpTopology(IReadOnlyList<UpComponent> Components, string StateDirectory, int PortShift)
{
    public const int PlanBasePort = 9000;

    private static readonly (int Shared, int Own)[] SharedHostPorts = [(9092, 9091)];

    /// <summary>The machine of CentralHub, its store and the alerting pair.</summary>
    public const string MainMachine = "mainpc";

    /// <summary>The rule files vmalert evaluates by default: the shipped ones, next to the CLI.</summary>
    public static string DefaultRules => Path.Combine(AppContext.BaseDirectory, "rules", "*.yml");

    /// <summary>CentralHub's long-term store (VictoriaMetrics single node on MainPC).</summary>
    public UpStore Store { get; init; } = new(UpStore.PlanPort, UpStore.DefaultRetention);

    public UpVmalert Vmalert { get; init; } = new(UpVmalert.PlanPort, DefaultRules);

    public UpAlertmanager Alertmanager { get; init; } = new(UpAlertmanager.PlanPort);

    /// <summary>
    /// <c>up --secure</c>: the generated CA, certificates and passwords every hub, agent health port and NATS server
    /// runs with and every internal client presents; null runs everything plain.
    /// </summary>
    public SecureMaterial? Secure { get; init; }

    public static UpTopology Plan(int basePort, string stateDirectory, string storeRetention = UpStore.DefaultRetention, string? rules = null, SecureMaterial? secure = null)
    {
        var shift = basePort - PlanBasePort;
        var tls = secure is not null;
        return new UpTopology(
            [
                new UpComponent("central-hub", MainMachine, "hub", "central", 9000 + shift) { Tls = tls },
                new UpComponent("edge-hub", "pc2", "hub", "edge", 9100 + shift) { Tls = tls },
                new UpComponent("pushgateway-mainpc", MainMachine, "hub", "pushgateway", 9091 + shift) { Tls = tls },
                new UpComponent("pushgateway-pc2", "pc2", "hub", "pushgateway", 9092 + shift) { Tls = tls },
            ],
            stateDirectory,
            shift)
        {
            Store = new UpStore(UpStore.PlanPort + shift, storeRetention),
            Vmalert = new UpVmalert(UpVmalert.PlanPort + shift, rules ?? DefaultRules),
            Alertmanager = new UpAlertmanager(UpAlertmanager.PlanPort + shift),
            Secure = secure,
        };
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
