namespace DualHub.Client.Options;

/// <summary>The agent's identity: the Pushgateway grouping key <c>job=&lt;Name&gt;</c>, <c>instance=&lt;Node&gt;</c>.</summary>
public sealed class AgentIdentity
{
    /// <summary>Agent name (YAML <c>agent.name</c>, required); the <c>job</c> label of every push.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Node name (YAML <c>agent.node</c>); the <c>instance</c> label. Default: the machine name, lower case.</summary>
    public string Node { get; set; } = Environment.MachineName.ToLowerInvariant();
}
