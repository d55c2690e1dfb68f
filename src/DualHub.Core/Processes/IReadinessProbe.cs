namespace DualHub.Core.Processes;

/// <summary>Asks a child once whether it is ready (answers its health endpoint).</summary>
public interface IReadinessProbe
{
    /// <summary>
    /// One attempt. "Not ready" (refused, timed out, an error status) is a result, not an exception; only
    /// cancellation of <paramref name="ct"/> throws.
    /// </summary>
    Task<ProbeResult> ProbeAsync(CancellationToken ct);
}
