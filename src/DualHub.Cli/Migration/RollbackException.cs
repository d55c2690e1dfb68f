namespace DualHub.Cli.Migration;

/// <summary>A file that could not be rolled back; the message names it.</summary>
internal sealed class RollbackException : Exception
{
    public RollbackException()
    {
    }

    public RollbackException(string message)
        : base(message)
    {
    }

    public RollbackException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
