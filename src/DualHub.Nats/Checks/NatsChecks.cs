using System.Buffers.Binary;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace DualHub.Nats.Checks;

/// <summary>
/// Checks against running servers, for <c>dualhub up --check</c>, the benchmark and tests. Check messages go to
/// <c>observability.metrics.check-…</c> subjects and carry the header <c>Dualhub-Check: 1</c>, so hub consumers can skip them.
/// </summary>
public static class NatsChecks
{
    /// <summary>Header marking a check message.</summary>
    public const string CheckHeader = "Dualhub-Check";

    /// <summary>
    /// Publishes <paramref name="count"/> messages one at a time (each waits for its ack) to <paramref name="publishUrl"/> and
    /// times each until a pull consumer on <paramref name="consumeUrl"/>'s metrics stream receives it (through leaf sourcing
    /// when the URLs are different machines). <paramref name="interval"/> paces the publishes (null = back to back).
    /// Throughput is measured separately with <paramref name="inFlight"/> unacked publishes.
    /// </summary>
    public static async Task<NatsLatencyResult> MeasureLatencyAsync(
        string publishUrl, string consumeUrl, int count = 1000, int payloadBytes = 1024, int inFlight = 256, TimeSpan? interval = null, NatsClientAuth? auth = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        time ??= TimeProvider.System;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadBytes, 4);
        await using var pub = NatsConnectionFactory.Create([publishUrl], "dualhub-check-publish", auth: auth);
        await using var sub = NatsConnectionFactory.Create([consumeUrl], "dualhub-check-consume", auth: auth);
        var node = "check-" + Guid.NewGuid().ToString("N")[..8];
        var subject = NatsSubjects.Metrics(node);
        var js = new NatsJSContext(pub);
        var payload = new byte[payloadBytes];

        // Warm-up: one message end to end first, so a source that is still being set up is not measured as latency.
        await using (var warmup = await CheckReader.StartAsync(new NatsJSContext(sub), subject + "w", 1, (_, _, _) => { }, time, ct))
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload, 0);
            (await js.PublishAsync(subject + "w", payload, opts: new NatsJSPubOpts { MsgId = $"{node}-w" }, headers: CheckHeaders(), cancellationToken: ct)).EnsureSuccess();
            await warmup.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var sentAt = new long[count];
        var ackedAt = new long[count];
        var receivedAt = new long[count];
        var storedAt = new DateTimeOffset[count];
        var start = time.GetTimestamp();
        var startUtc = time.GetUtcNow();
        await using (var reader = await CheckReader.StartAsync(new NatsJSContext(sub), subject, count, (i, at, stored) => (receivedAt[i], storedAt[i]) = (at, stored), time, ct))
        {
            (start, startUtc) = ClockAnchor(time);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload, i);
                sentAt[i] = time.GetTimestamp();
                var ack = await js.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = $"{node}-l{i}" }, headers: CheckHeaders(), cancellationToken: ct);
                ackedAt[i] = time.GetTimestamp();
                ack.EnsureSuccess();
                if (interval is { } pause && pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, time, ct);
                }
            }

            await reader.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var samples = new NatsLatencySample[count];
        var latencies = new double[count];
        for (var i = 0; i < count; i++)
        {
            var stored = storedAt[i] == default ? double.NaN : (storedAt[i] - startUtc).TotalMilliseconds;
            samples[i] = new NatsLatencySample(Ms(time, start, sentAt[i]), Ms(time, start, ackedAt[i]), Ms(time, start, receivedAt[i])) { StoredMs = stored };
            latencies[i] = samples[i].LatencyMs;
        }

        var throughput = await MeasureThroughputAsync(js, new NatsJSContext(sub), subject + "t", payload, count, inFlight, time, ct);
        Array.Sort(latencies);
        return new NatsLatencyResult(count, Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99), latencies[^1], latencies.Average(), throughput)
        {
            Samples = samples,
            StartTimestamp = start,
        };
    }

    /// <summary>
    /// The plan's node test on a running leaf deployment (<paramref name="hub"/> and <paramref name="edge"/> are node names):
    /// publishes to the edge, stops the edge's server, checks the hub keeps accepting, restarts the edge, publishes to it
    /// at once, and waits until the hub's stream holds every edge message exactly once (by Nats-Msg-Id).
    /// </summary>
    public static async Task<NatsNodeTestResult> RunLeafNodeTestAsync(
        INatsDeployment deployment, string hub = "mainpc", string edge = "pc2", int perPhase = 50, TimeSpan? catchUpTimeout = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        time ??= TimeProvider.System;
        ArgumentNullException.ThrowIfNull(deployment);
        var hubServer = deployment.Servers[hub];
        var auth = deployment.Topology.Security?.ClientAuth();
        var edgeServer = deployment.Servers[edge];
        var id = Guid.NewGuid().ToString("N")[..8];
        var edgeSubject = NatsSubjects.Metrics($"check-{id}-{edge}");
        var hubSubject = NatsSubjects.Metrics($"check-{id}-{hub}");
        var edgeIds = new List<string>();

        await using var hubConn = NatsConnectionFactory.Create([hubServer.ClientUrl], "dualhub-check-hub", auth: auth);
        var hubPub = ObservabilityMessaging.CreatePublisher(hubConn);
        var hubJs = new NatsJSContext(hubConn);

        await using (var edgeConn = NatsConnectionFactory.Create([edgeServer.ClientUrl], "dualhub-check-edge", auth: auth))
        {
            var edgePub = ObservabilityMessaging.CreatePublisher(edgeConn);
            edgeIds.AddRange(await PublishBatchAsync(edgePub, edgeSubject, $"{id}-a", perPhase, ct));
        }

        await edgeServer.StopAsync(ct: ct);
        var hubAccepted = 0;
        var hubFailed = 0;
        for (var i = 0; i < perPhase; i++)
        {
            try
            {
                await hubPub.PublishAsync(hubSubject, CheckPayload, $"{id}-b{i}", ct);
                hubAccepted++;
            }
            catch (NatsPublishException)
            {
                hubFailed++;
            }
        }

        await edgeServer.StartAsync(ct);
        await edgeServer.WaitReadyAsync(NatsReadiness.JetStreamEnabled, TimeSpan.FromSeconds(30), ct);
        var started = time.GetTimestamp();
        await using (var edgeConn = NatsConnectionFactory.Create([edgeServer.ClientUrl], "dualhub-check-edge", auth: auth))
        {
            var edgePub = ObservabilityMessaging.CreatePublisher(edgeConn);
            edgeIds.AddRange(await PublishBatchAsync(edgePub, edgeSubject, $"{id}-c", perPhase, ct));
        }

        var deadline = catchUpTimeout ?? TimeSpan.FromSeconds(30);
        IReadOnlyList<(ulong Seq, string? MsgId)> onHub = [];
        while (time.GetElapsedTime(started) < deadline)
        {
            if (await NatsStreamReader.CountAsync(hubJs, ObservabilityStreams.Metrics, edgeSubject, ct) >= (ulong)edgeIds.Count)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }

        var catchUp = time.GetElapsedTime(started);
        onHub = await NatsStreamReader.ReadAsync(hubJs, ObservabilityStreams.Metrics, edgeSubject, ct);
        var seen = onHub.Select(m => m.MsgId ?? string.Empty).ToList();
        var distinct = seen.ToHashSet(StringComparer.Ordinal);
        return new NatsNodeTestResult(
            hubAccepted,
            hubFailed,
            edgeIds.Count,
            distinct.Count(edgeIds.Contains),
            edgeIds.Count(e => !distinct.Contains(e)),
            seen.Count - distinct.Count,
            catchUp);
    }

    /// <summary>
    /// Publishes <paramref name="count"/> messages to <paramref name="server"/>, restarts it (<paramref name="kill"/>: SIGKILL,
    /// else graceful) and counts how many are still in its metrics stream.
    /// </summary>
    public static async Task<NatsPersistenceResult> RunPersistenceCheckAsync(INatsServer server, int count = 100, bool kill = true, NatsClientAuth? auth = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        time ??= TimeProvider.System;
        ArgumentNullException.ThrowIfNull(server);
        var id = Guid.NewGuid().ToString("N")[..8];
        var subject = NatsSubjects.Metrics($"check-{id}-persist");
        List<string> ids;
        await using (var conn = NatsConnectionFactory.Create([server.ClientUrl], "dualhub-check-persist", auth: auth))
        {
            ids = await PublishBatchAsync(ObservabilityMessaging.CreatePublisher(conn), subject, id, count, ct);
        }

        var started = time.GetTimestamp();
        if (kill)
        {
            await server.KillAsync(ct);
        }
        else
        {
            await server.StopAsync(ct: ct);
        }

        await server.StartAsync(ct);
        await server.WaitReadyAsync(NatsReadiness.Healthy, TimeSpan.FromSeconds(30), ct);
        var restart = time.GetElapsedTime(started);
        await using (var conn = NatsConnectionFactory.Create([server.ClientUrl], "dualhub-check-persist", auth: auth))
        {
            var stored = (await NatsStreamReader.ReadAsync(new NatsJSContext(conn), ObservabilityStreams.Metrics, subject, ct))
                .Select(m => m.MsgId).ToHashSet(StringComparer.Ordinal);
            var present = ids.Count(stored.Contains);
            return new NatsPersistenceResult(ids.Count, present, ids.Count - present, restart);
        }
    }

    private static ReadOnlyMemory<byte> CheckPayload { get; } = "{\"check\":true}"u8.ToArray();

    private static NatsHeaders CheckHeaders() => new() { [CheckHeader] = "1" };

    private static async Task<List<string>> PublishBatchAsync(IObservabilityPublisher publisher, string subject, string prefix, int count, CancellationToken ct)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var msgId = $"{prefix}-{i}";
            await publisher.PublishAsync(subject, CheckPayload, msgId, ct);
            ids.Add(msgId);
        }

        return ids;
    }

    private static async Task<double> MeasureThroughputAsync(NatsJSContext pub, INatsJSContext sub, string subject, byte[] payload, int count, int inFlight, TimeProvider time, CancellationToken ct)
    {
        var started = 0L;
        await using var reader = await CheckReader.StartAsync(sub, subject, count, (_, _, _) => { }, time, ct);
        started = time.GetTimestamp();
        var window = new Queue<Task<PubAckResponse>>();
        for (var i = 0; i < count; i++)
        {
            if (window.Count >= inFlight)
            {
                (await window.Dequeue()).EnsureSuccess();
            }

            window.Enqueue(pub.PublishAsync(subject, payload, opts: new NatsJSPubOpts { MsgId = $"{subject}-{i}" }, cancellationToken: ct).AsTask());
        }

        while (window.Count > 0)
        {
            (await window.Dequeue()).EnsureSuccess();
        }

        await reader.WaitAsync(TimeSpan.FromSeconds(60));
        return count / time.GetElapsedTime(started).TotalSeconds;
    }

    // A monotonic timestamp and the wall clock read together (the closest of a few tries), to place server timestamps.
    private static (long Ticks, DateTimeOffset Utc) ClockAnchor(TimeProvider time)
    {
        var best = (Ticks: 0L, Utc: default(DateTimeOffset), Gap: long.MaxValue);
        for (var k = 0; k < 5; k++)
        {
            var before = time.GetTimestamp();
            var utc = time.GetUtcNow();
            var after = time.GetTimestamp();
            if (after - before < best.Gap)
            {
                best = (before + ((after - before) / 2), utc, after - before);
            }
        }

        return (best.Ticks, best.Utc);
    }

    private static double Ms(TimeProvider time, long from, long to) => time.GetElapsedTime(from, to).TotalMilliseconds;

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    /// <summary>An ephemeral pull consumer (deliver new, no acks) reading one subject until it has seen <c>count</c> messages.</summary>
    private sealed class CheckReader : IAsyncDisposable
    {
        private readonly CancellationTokenSource _cts;
        private readonly Task _loop;
        private readonly INatsJSContext _js;
        private readonly string _name;
        private readonly TimeProvider _time;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private CheckReader(INatsJSContext js, string name, INatsJSConsumer consumer, int count, Action<int, long, DateTimeOffset> onMessage, TimeProvider time, CancellationToken ct)
        {
            _js = js;
            _name = name;
            _time = time;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _loop = Task.Run(async () =>
            {
                var seen = 0;
                try
                {
                    var opts = new NatsJSConsumeOpts { MaxMsgs = 1000, Expires = TimeSpan.FromSeconds(5) };
                    await foreach (var msg in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(opts: opts, cancellationToken: _cts.Token))
                    {
                        var at = time.GetTimestamp();
                        using var data = msg.Data;
                        var i = data.Memory.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(data.Memory.Span) : 0;
                        if (i >= 0 && i < count)
                        {
                            onMessage(i, at, msg.Metadata?.Timestamp ?? default);
                        }

                        if (++seen == count)
                        {
                            _done.TrySetResult();
                            break;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception ex) when (ex is NatsException)
                {
                    _done.TrySetException(ex);
                }
            }, CancellationToken.None);
        }

        public static async Task<CheckReader> StartAsync(INatsJSContext js, string subject, int count, Action<int, long, DateTimeOffset> onMessage, TimeProvider time, CancellationToken ct)
        {
            var name = "check-" + Guid.NewGuid().ToString("N")[..12];
            var consumer = await js.CreateOrUpdateConsumerAsync(ObservabilityStreams.Metrics, new ConsumerConfig(name)
            {
                FilterSubject = subject,
                DeliverPolicy = ConsumerConfigDeliverPolicy.New,
                AckPolicy = ConsumerConfigAckPolicy.None,
                InactiveThreshold = TimeSpan.FromSeconds(30),
                // A throwaway reader: keep its state in memory. File-backed, nats-server 2.9 rewrites the consumer's
                // o.dat (open with O_TRUNC) about ten times a second while messages flow, disk work the check does not need.
                MemStorage = true,
            }, ct);
            return new CheckReader(js, name, consumer, count, onMessage, time, ct);
        }

        public async Task WaitAsync(TimeSpan timeout)
        {
            try
            {
                await _done.Task.WaitAsync(timeout, _time, _cts.Token);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"check consumer {_name} did not receive every message within {timeout.TotalSeconds:0} s", ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _cts.CancelAsync();
            await _loop;
            _cts.Dispose();
            try
            {
                await _js.DeleteConsumerAsync(ObservabilityStreams.Metrics, _name);
            }
            catch (NatsException)
            {
            }
        }
    }
}
