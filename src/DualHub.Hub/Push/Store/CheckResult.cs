namespace DualHub.Hub.Push.Store;

/// <summary>Outcome of checking a push against the store.</summary>
public readonly record struct CheckResult(CheckStatus Status, string? Message)
{
    public static CheckResult Ok => new(CheckStatus.Ok, null);

    public static CheckResult Inconsistent(string message) => new(CheckStatus.Inconsistent, message);

    public static CheckResult TooManySeries(string message) => new(CheckStatus.TooManySeries, message);
}
