namespace DualHub.Hub.Upstreams;

/// <summary>The outcome of one send, the error it met, and the least delay the upstream asked for before a retry.</summary>
public readonly record struct SendResult(SendOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static SendResult Sent => new(SendOutcome.Sent);

    public static SendResult Dropped(string error) => new(SendOutcome.Dropped, error);

    public static SendResult Retry(string error, TimeSpan? retryAfter = null) => new(SendOutcome.Retry, error, retryAfter);
}
