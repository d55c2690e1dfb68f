namespace DualHub.Client.Delivery;

/// <summary>One push or probe result: status, HTTP code (0 when none) and the error text for logs.</summary>
internal readonly record struct PushOutcome(PushStatus Status, int HttpStatus, string? Error)
{
    public static PushOutcome Ok(int code) => new(PushStatus.Accepted, code, null);

    /// <summary>The hub answered (any HTTP status): its latency is known.</summary>
    public bool Answered => HttpStatus > 0;
}
