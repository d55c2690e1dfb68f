namespace DualHub.Client.Delivery;

/// <summary>The wire to the hubs: a push (PUT of a text 0.0.4 body) and a health probe, each with its own timeout.</summary>
internal interface IHubTransport
{
    Task<PushOutcome> PushAsync(Uri url, ReadOnlyMemory<byte> body, TimeSpan timeout, CancellationToken ct);

    Task<PushOutcome> ProbeAsync(Uri url, TimeSpan timeout, CancellationToken ct);
}
