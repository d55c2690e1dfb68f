namespace DualHub.Core.Processes;

/// <summary>One readiness probe's answer; <paramref name="Detail"/> says why it is not ready (for error messages).</summary>
public readonly record struct ProbeResult(bool Ready, string? Detail)
{
    public static ProbeResult Success => new(true, null);

    public static ProbeResult NotReady(string? detail) => new(false, detail);
}
