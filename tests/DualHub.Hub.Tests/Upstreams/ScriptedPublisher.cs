using System.Collections.Concurrent;
using DualHub.Nats.Messaging;

namespace DualHub.Hub.Tests.Upstreams;

/// <summary>An in-memory JetStream publisher: records each publish and answers from a script (default: a new ack).</summary>
internal sealed class ScriptedPublisher : IObservabilityPublisher
{
    private readonly ConcurrentQueue<Func<NatsPublishResult>> _script = new();

    public ConcurrentQueue<(string Subject, string MsgId, byte[] Body)> Published { get; } = new();

    public void Then(Func<NatsPublishResult> answer) => _script.Enqueue(answer);

    public Task<NatsPublishResult> PublishAsync(string subject, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default)
    {
        Published.Enqueue((subject, msgId, payload.ToArray()));
        return Task.FromResult(_script.TryDequeue(out var next) ? next() : new NatsPublishResult("s", (ulong)Published.Count, false, 1));
    }

    public Task<NatsPublishResult> PublishMetricsAsync(string node, ReadOnlyMemory<byte> payload, string msgId, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<NatsPublishResult> PublishHealthAsync(string node, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default) =>
        throw new NotSupportedException();

    public Task<NatsPublishResult> PublishAlertAsync(AlertSeverity severity, ReadOnlyMemory<byte> json, string msgId, CancellationToken ct = default) =>
        PublishAsync(NatsSubjects.Alerts(severity), json, msgId, ct);
}
