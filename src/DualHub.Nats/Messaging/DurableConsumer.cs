using NATS.Client.Core;
using NATS.Client.JetStream;

namespace DualHub.Nats.Messaging;

internal sealed class DurableConsumer : IDurableConsumer
{
    private static readonly TimeSpan MinExpires = TimeSpan.FromSeconds(1);

    private readonly INatsJSContext _js;
    private readonly string _stream;
    private readonly string _consumer;
    private readonly NatsConsumerOptions _options;
    private readonly TimeProvider _time;
    private INatsJSConsumer? _handle;

    public DurableConsumer(INatsJSContext js, string stream, string consumer, NatsConsumerOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.BatchSize < 1 || options.Expires <= MinExpires)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "nats consumer: batch_size must be >= 1 and expires > 1 s");
        }

        _js = js;
        _stream = stream;
        _consumer = consumer;
        _options = options;
        _time = time;
    }

    public async Task<int> FetchAsync(int maxMessages, TimeSpan expires, Func<ObservabilityMessage, CancellationToken, ValueTask> commit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (expires <= MinExpires)
        {
            throw new ArgumentOutOfRangeException(nameof(expires), expires, "a JetStream pull must wait more than 1 s (NATS.Net)");
        }

        var consumer = await GetAsync(ct);
        var count = 0;
        await foreach (var msg in consumer.FetchAsync<NatsMemoryOwner<byte>>(new NatsJSFetchOpts { MaxMsgs = maxMessages, Expires = expires }, cancellationToken: ct))
        {
            await HandleAsync(msg, commit, ct);
            count++;
        }

        return count;
    }

    public async Task ConsumeAsync(Func<ObservabilityMessage, CancellationToken, ValueTask> commit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var consumer = await GetAsync(ct);
        // Drain on cancel: messages already delivered to this client are nak'ed (below), so they are redelivered at
        // once to the next reader instead of after the consumer's ack wait.
        var opts = new NatsJSConsumeOpts { MaxMsgs = _options.BatchSize, Expires = _options.Expires, DrainOnCancel = true };
        try
        {
            await foreach (var msg in consumer.ConsumeAsync<NatsMemoryOwner<byte>>(opts: opts, cancellationToken: ct))
            {
                if (ct.IsCancellationRequested)
                {
                    msg.Data.Dispose();
                    using var nakTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                    try
                    {
                        await msg.NakAsync(cancellationToken: nakTimeout.Token);
                    }
                    catch (Exception ex) when (ex is NatsException or OperationCanceledException)
                    {
                        // Redelivered after the ack wait instead.
                    }

                    continue;
                }

                await HandleAsync(msg, commit, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async ValueTask<INatsJSConsumer> GetAsync(CancellationToken ct) =>
        _handle ??= await _js.GetConsumerAsync(_stream, _consumer, ct);

    private async Task HandleAsync(INatsJSMsg<NatsMemoryOwner<byte>> msg, Func<ObservabilityMessage, CancellationToken, ValueTask> commit, CancellationToken ct)
    {
        using var data = msg.Data;
        var meta = msg.Metadata;
        string? msgId = null;
        var isCheck = false;
        if (msg.Headers is { } headers)
        {
            if (headers.TryGetValue("Nats-Msg-Id", out var id))
            {
                msgId = id.ToString();
            }

            isCheck = headers.TryGetValue(Checks.NatsChecks.CheckHeader, out var check) && check.ToString() == "1";
        }

        var message = new ObservabilityMessage(msg.Subject, data.Memory, msgId, meta?.Sequence.Stream ?? 0, meta?.NumDelivered ?? 0, meta?.Timestamp ?? default)
        {
            IsCheck = isCheck,
        };
        try
        {
            await commit(message, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            NatsTelemetry.ConsumerNaks.Add(1);
            await msg.NakAsync(delay: _options.NakDelay, cancellationToken: CancellationToken.None);
            throw;
        }

        // Committed: ack even if the caller is stopping, or the message comes back as a redelivery.
        using var ackTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
        await msg.AckAsync(new AckOpts { DoubleAck = _options.DoubleAck }, ackTimeout.Token);
    }
}
