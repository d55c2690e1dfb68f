namespace DualHub.Client.Options;

/// <summary>The agent's identity after validation: the grouping key <c>job=&lt;Name&gt;</c>, <c>instance=&lt;Node&gt;</c>.</summary>
public sealed record ResolvedAgentIdentity
{
    internal ResolvedAgentIdentity(AgentIdentity identity)
    {
        Name = identity.Name;
        Node = identity.Node;
    }

    /// <inheritdoc cref="AgentIdentity.Name"/>
    public string Name { get; }

    /// <inheritdoc cref="AgentIdentity.Node"/>
    public string Node { get; }
}
