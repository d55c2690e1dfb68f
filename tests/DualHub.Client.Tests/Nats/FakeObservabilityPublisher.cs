using System.Collections.Concurrent;
using DualHub.Nats.Messaging;

namespace DualHub.Client.Tests.Nats;

/// <summary>Records every send; can fail the next N sends or hold them until released.</summary>
internal sealed class FakeObservabilityPublisher : IObservabilityPublisher
{
    private TaskCompletionSource _gate = CompletedGate();

    public ConcurrentQueue<(string Subject, byte[] Payload, string MsgId)> Attempts { get; } = new();

    public ConcurrentQueue<(string Subject, byte[] Payload, string MsgId)> Stored { get; } = new();

    public int FailNext { get; set; }

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public Task<NatsPublishResult> PublishMetricsAsync(string node, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default) =>
        PublishAsync(NatsSubjects.Metrics(node), payload, msgId, ct);

    public Task<NatsPublishResult> PublishHealthAsync(string node, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default) =>
        PublishAsync(NatsSubjects.Health(node), json, msgId, ct);

    public Task<NatsPublishResult> PublishAlertAsync(AlertSeverity severity, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default) =>
        PublishAsync(NatsSubjects.Alerts(severity), json, msgId, ct);

    public async Task<NatsPublishResult> PublishAsync(string subject, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default)
    {
        Attempts.Enqueue((subject, payload.ToArray(), msgId));
        await _gate.Task.WaitAsync(ct);
        if (FailNext > 0)
        {
            FailNext--;
            throw new NatsPublishException("no responders");
        }

        Stored.Enqueue((subject, payload.ToArray(), msgId));
        return new NatsPublishResult("observability-health", (ulong)Stored.Count, false, 1);
    }

    private static TaskCompletionSource CompletedGate()
    {
        var tcs = new TaskCompletionSource();
        tcs.SetResult();
        return tcs;
    }
}
