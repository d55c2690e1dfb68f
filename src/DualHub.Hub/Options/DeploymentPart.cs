namespace DualHub.Hub.Options;

/// <summary>One part of the deployment as the console links and probes it.</summary>
/// <param name="Machine">The machine it runs on (MainPC, PC2).</param>
/// <param name="Kind"><c>hub</c> (any role), <c>nats</c> (its monitoring URL) or <c>agent</c> (its health listener).</param>
/// <param name="Name">Its name in the deployment.</param>
/// <param name="Url">Base URL: the hub's, the NATS monitoring port's, the agent's health listener's.</param>
public sealed record DeploymentPart(string Machine, string Kind, string Name, Uri Url)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "hub", "nats", "agent" };
}
