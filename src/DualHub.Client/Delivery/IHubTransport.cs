namespace DualHub.Client.Delivery;

/// <summary>The wire to the hubs: a push (PUT of a text 0.0.4 body) and a health probe, each with its own timeout.</summary>
internal interface IHubTransport
{
    /// <summary>Pushes a body; a <paramref name="batchTimeMs"/> above 0 goes with it as <c>X-DualHub-Batch-Time</c>.</summary>
    Task<PushOutcome> PushAsync(Uri url, ReadOnlyMemory<byte> body, long batchTimeMs, TimeSpan timeout, CancellationToken ct);

    Task<PushOutcome> ProbeAsync(Uri url, TimeSpan timeout, CancellationToken ct);
}
