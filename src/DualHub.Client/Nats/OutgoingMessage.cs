namespace DualHub.Client.Nats;

/// <summary>One queued publish: the msg id is fixed when queued, so every re-send of it is deduplicated by the stream.</summary>
internal readonly record struct OutgoingMessage(string Subject, byte[] Payload, string MsgId);
