namespace DualHub.Client.Delivery;

/// <summary>The wire to the hubs: a push (PUT of a text 0.0.4 body) and a health probe. Timeouts are the transport's.</summary>
internal interface IHubTransport
{
    Task<PushOutcome> PushAsync(Uri url, ReadOnlyMemory<byte> body, CancellationToken ct);

    Task<PushOutcome> ProbeAsync(Uri url, CancellationToken ct);
}
