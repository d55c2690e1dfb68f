namespace DualHub.Fuzz;

/// <summary>A property a parser must keep was broken (e.g. what it accepted does not parse again once written).</summary>
public sealed class FuzzInvariantException : Exception
{
    public FuzzInvariantException()
    {
    }

    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    public FuzzInvariantException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
