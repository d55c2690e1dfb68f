namespace DualHub.Nats.Streams;

/// <summary>What apply did to one stream or consumer.</summary>
public enum NatsApplyAction
{
    Unchanged,
    Created,
    Updated,
}

/// <summary>One line of the apply report.</summary>
public sealed record NatsApplyChange(string Target, string Kind, string Name, NatsApplyAction Action, string? Detail = null)
{
    public override string ToString() =>
        $"{Target,-10} {Kind,-8} {Name,-34} {Action.ToString().ToLowerInvariant()}{(Detail is null ? string.Empty : " (" + Detail + ")")}";
}
