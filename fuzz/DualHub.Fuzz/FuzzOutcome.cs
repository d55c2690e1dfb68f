namespace DualHub.Fuzz;

/// <summary>What a parser did with one input: accepted it, or refused it with its own documented error.</summary>
public enum FuzzOutcome
{
    Accepted,
    Refused,
}
