namespace DualHub.Hub.Receive;

/// <summary>Outcome of one remote-write request: the HTTP status and, for errors, the reason sent to the client.</summary>
public readonly record struct ReceiveResult(int StatusCode, string? Error, int Samples)
{
    public static ReceiveResult Fail(int status, string error) => new(status, error, 0);
}
