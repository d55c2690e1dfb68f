using System.Text;
using DualHub.Client.Options;
using DualHub.Hub.Options;

namespace DualHub.Fuzz.Targets;

/// <summary>The YAML configs: a hub's (with its Prometheus sections) and an agent's; each refuses with its own exception.</summary>
internal static class ConfigTargets
{
    public static FuzzOutcome RunHub(ReadOnlySpan<byte> input)
    {
        try
        {
            _ = HubConfigLoader.Parse(Encoding.UTF8.GetString(input), "fuzz.yml");
            return FuzzOutcome.Accepted;
        }
        catch (HubConfigException)
        {
            return FuzzOutcome.Refused;
        }
    }

    public static FuzzOutcome RunAgent(ReadOnlySpan<byte> input)
    {
        try
        {
            _ = AgentConfigLoader.Parse(Encoding.UTF8.GetString(input), "fuzz.yml", ["observability_hub", "resource_manager", "unified_utils"], static _ => null);
            return FuzzOutcome.Accepted;
        }
        catch (AgentConfigException)
        {
            return FuzzOutcome.Refused;
        }
    }
}
