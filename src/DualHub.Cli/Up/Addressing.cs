using System.Globalization;

namespace DualHub.Cli.Up;

/// <summary>
/// Where the plan's ports live in one rendering: <c>up</c> moves every port by its <c>--base-port</c> shift on
/// loopback; <c>render</c> keeps the ports and puts each on its machine's host.
/// </summary>
internal sealed record Addressing(int PortShift, Func<int, string> HostOf)
{
    public static Addressing Loopback(int portShift) => new(portShift, _ => "127.0.0.1");

    public int Port(int planPort) => planPort + PortShift;

    /// <summary>"HOST:PORT" of a plan port.</summary>
    public string Endpoint(int planPort)
    {
        var port = Port(planPort);
        return HostOf(port) + ":" + port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Every <c>127.0.0.1:PORT</c> of a shipped config, moved to this addressing.</summary>
    public string Apply(string text) => LoopbackPorts.Map(text, this);
}
