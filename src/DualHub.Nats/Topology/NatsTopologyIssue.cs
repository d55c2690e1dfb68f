namespace DualHub.Nats.Topology;

/// <summary>Severity of a topology finding.</summary>
public enum NatsIssueSeverity
{
    Warning,
    Error,
}

/// <summary>One validation finding; <paramref name="Key"/> is the YAML path (e.g. <c>nats.nodes[1].client_port</c>).</summary>
public sealed record NatsTopologyIssue(NatsIssueSeverity Severity, string Key, string Message)
{
    public override string ToString() => $"{(Severity == NatsIssueSeverity.Error ? "error" : "warning")}: {Key}: {Message}";
}
