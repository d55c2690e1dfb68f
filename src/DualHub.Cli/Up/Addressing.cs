using System.Globalization;

namespace DualHub.Cli.Up;

/// <summary>
/// Where the plan's ports live in one rendering: <c>up</c> moves every port by its <c>--base-port</c> shift on
/// loopback; <c>render</c> keeps the ports, puts each on its machine's host (<paramref name="HostOf"/> takes the plan
/// port) and moves back the ports that only one shared host needs apart (<paramref name="OwnHostPorts"/>, e.g. PC2's
/// Pushgateway: :9092 beside MainPC's in <c>up</c>, :9091 on its own machine).
/// </summary>
internal sealed record Addressing(int PortShift, Func<int, string> HostOf, IReadOnlyDictionary<int, int>? OwnHostPorts = null)
{
    public static Addressing Loopback(int portShift) => new(portShift, _ => "127.0.0.1");

    public int Port(int planPort) => OwnHostPorts is not null && OwnHostPorts.TryGetValue(planPort, out var own) ? own : planPort + PortShift;

    /// <summary>The port a component listens on, given its port in this rendering's topology (already shifted).</summary>
    public int Listening(int port) => OwnHostPorts is not null && OwnHostPorts.TryGetValue(port, out var own) ? own : port;

    /// <summary>"HOST:PORT" of a plan port.</summary>
    public string Endpoint(int planPort) => HostOf(planPort) + ":" + Port(planPort).ToString(CultureInfo.InvariantCulture);

    /// <summary>Every <c>127.0.0.1:PORT</c> of a shipped config, moved to this addressing.</summary>
    public string Apply(string text) => LoopbackPorts.Map(text, this);
}
