using System.Text.Json;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace DualHub.IntegrationTests.Nats;

/// <summary>Reads a stream's messages on one subject with their msg id and JSON body, through a throwaway consumer.</summary>
internal static class StreamPayloads
{
    public static async Task<IReadOnlyList<(string Subject, string? MsgId, JsonElement Json)>> ReadJsonAsync(INatsJSContext js, string stream, string subject)
    {
        var name = "read-" + Guid.NewGuid().ToString("N")[..12];
        var consumer = await js.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig(name)
        {
            FilterSubject = subject,
            AckPolicy = ConsumerConfigAckPolicy.None,
            DeliverPolicy = ConsumerConfigDeliverPolicy.All,
            InactiveThreshold = TimeSpan.FromSeconds(30),
        });
        try
        {
            var result = new List<(string, string?, JsonElement)>();
            if (consumer.Info.NumPending == 0)
            {
                return result;
            }

            await foreach (var msg in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = (int)consumer.Info.NumPending, Expires = TimeSpan.FromSeconds(2) }))
            {
                string? id = msg.Headers is { } h && h.TryGetValue("Nats-Msg-Id", out var v) ? v.ToString() : null;
                using var doc = JsonDocument.Parse(msg.Data);
                result.Add((msg.Subject, id, doc.RootElement.Clone()));
            }

            return result;
        }
        finally
        {
            await js.DeleteConsumerAsync(stream, name);
        }
    }
}
