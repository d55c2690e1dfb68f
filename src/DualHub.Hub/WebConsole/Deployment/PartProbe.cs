using System.Text.Json;
using DualHub.Hub.Options;

namespace DualHub.Hub.WebConsole.Deployment;

/// <summary>What one part answered: its JSON (a hub's or agent's <c>/health</c>, a NATS server's <c>/jsz</c>) or why not.</summary>
internal sealed record PartProbe(DeploymentPart Part, JsonElement? Json, string? Error, TimeSpan Elapsed)
{
    public bool Reachable => Json is not null;
}
