using DualHub.Client.Delivery;

namespace DualHub.Client.Tests.Agent;

/// <summary>A hub that never answers: every push waits until its caller gives up.</summary>
internal sealed class UnansweredTransport : IHubTransport
{
    public async Task<PushOutcome> PushAsync(Uri url, ReadOnlyMemory<byte> body, long batchTimeMs, TimeSpan timeout, CancellationToken ct)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        return PushOutcome.Ok(200);
    }

    public Task<PushOutcome> ProbeAsync(Uri url, TimeSpan timeout, CancellationToken ct) => Task.FromResult(PushOutcome.Ok(200));
}
