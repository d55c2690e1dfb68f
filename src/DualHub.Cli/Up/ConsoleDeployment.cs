using System.Globalization;
using System.Text;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Up;

/// <summary>
/// The <c>console:</c> section of CentralHub's config: every hub, NATS server (monitoring port) and agent (health
/// listener) of the deployment at its address, so CentralHub's page shows and links them (docs/console.md).
/// </summary>
internal static class ConsoleDeployment
{
    /// <summary>One part: machine, kind (hub, nats, agent), name, base URL.</summary>
    /// <remarks>A hub with <see cref="UpComponent.Tls"/> and an agent for which <paramref name="agentTls"/> says so are https.</remarks>
    public static IReadOnlyList<(string Machine, string Kind, string Name, string Url)> Parts(
        IEnumerable<UpComponent> hubs, Addressing addressing, NatsTopologyOptions nats, IEnumerable<(string Name, string Machine, string Host, int Port)> agents, Func<string, bool>? agentTls = null)
    {
        var parts = new List<(string, string, string, string)>();
        foreach (var c in hubs)
        {
            parts.Add((c.Machine, "hub", c.Name, $"{Scheme(c.Tls)}://{addressing.HostOf(c.Port)}:{addressing.Listening(c.Port).ToString(CultureInfo.InvariantCulture)}"));
        }

        foreach (var n in nats.Nodes)
        {
            parts.Add((n.Name, "nats", "nats-" + n.Name, n.MonitorUrl));
        }

        foreach (var a in agents)
        {
            parts.Add((a.Machine, "agent", a.Name, $"{Scheme(agentTls?.Invoke(a.Name) ?? false)}://{a.Host}:{a.Port.ToString(CultureInfo.InvariantCulture)}"));
        }

        return parts;
    }

    /// <summary>The section; with <paramref name="secure"/> the probes present its client certificate and basic auth.</summary>
    public static string Yaml(IReadOnlyList<(string Machine, string Kind, string Name, string Url)> parts, SecureMaterial? secure = null)
    {
        var sb = new StringBuilder("console:\n");
        if (secure is not null)
        {
            sb.Append(secure.ClientYaml("  "));
        }

        sb.Append("  deployment:\n");
        foreach (var (machine, kind, name, url) in parts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    - {{ machine: {YamlText.Quote(machine)}, kind: {kind}, name: {YamlText.Quote(name)}, url: {YamlText.Quote(url)} }}\n");
        }

        return sb.ToString();
    }

    private static string Scheme(bool tls) => tls ? "https" : "http";
}
