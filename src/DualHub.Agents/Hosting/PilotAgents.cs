using DualHub.Agents.ObservabilityHub;
using DualHub.Agents.ResourceManager;
using DualHub.Agents.UnifiedUtils;

namespace DualHub.Agents.Hosting;

/// <summary>The pilot agents by command name.</summary>
public static class PilotAgents
{
    /// <summary>Command names: <c>resource-manager</c>, <c>unified-utils</c>, <c>observability-hub</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["resource-manager", "unified-utils", "observability-hub"];

    /// <summary>Creates the agent named <paramref name="name"/> (not configured yet); null for an unknown name.</summary>
    public static IPilotAgent? Create(string name, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        return name switch
        {
            "resource-manager" or "resource_manager" => new ResourceManagerAgent(time),
            "unified-utils" or "unified_utils" or "unified_utils_agent" => new UnifiedUtilsAgent(time),
            "observability-hub" or "observability_hub" => new ObservabilityHubAgent(time),
            _ => null,
        };
    }
}
