using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace DualHub.Nats.Streams;

/// <summary>Reads what a stream holds for one subject (sequence and Nats-Msg-Id), through a throwaway consumer: for checks and tests.</summary>
public static class NatsStreamReader
{
    public static async Task<IReadOnlyList<(ulong Seq, string? MsgId)>> ReadAsync(INatsJSContext js, string stream, string subject, CancellationToken ct = default) =>
        (await ReadMessagesAsync(js, stream, subject, ct)).Select(m => (m.Seq, m.MsgId)).ToList();

    /// <summary>Like <see cref="ReadAsync"/>, with each message's subject and body (for messages whose content matters, e.g. alerts).</summary>
    public static async Task<IReadOnlyList<(ulong Seq, string? MsgId, string Subject, byte[] Data)>> ReadMessagesAsync(INatsJSContext js, string stream, string subject, CancellationToken ct = default)
    {
        var name = "read-" + Guid.NewGuid().ToString("N")[..12];
        var consumer = await js.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig(name)
        {
            FilterSubject = subject,
            AckPolicy = ConsumerConfigAckPolicy.None,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            InactiveThreshold = TimeSpan.FromSeconds(30),
        }, ct);
        try
        {
            var pending = consumer.Info.NumPending;
            var result = new List<(ulong, string?, string, byte[])>();
            while ((ulong)result.Count < pending)
            {
                var before = result.Count;
                await foreach (var msg in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = 1000, Expires = TimeSpan.FromSeconds(2) }, cancellationToken: ct))
                {
                    string? id = msg.Headers is { } h && h.TryGetValue("Nats-Msg-Id", out var v) ? v.ToString() : null;
                    result.Add((msg.Metadata?.Sequence.Stream ?? 0, id, msg.Subject, msg.Data ?? []));
                }

                if (result.Count == before)
                {
                    break;
                }
            }

            return result;
        }
        finally
        {
            await js.DeleteConsumerAsync(stream, name, ct);
        }
    }

    public static async Task<ulong> CountAsync(INatsJSContext js, string stream, string subject, CancellationToken ct = default)
    {
        var s = await js.GetStreamAsync(stream, new StreamInfoRequest { SubjectsFilter = subject }, ct);
        return s.Info.State.Subjects is { } subjects && subjects.TryGetValue(subject, out var n) ? (ulong)n : 0;
    }
}
