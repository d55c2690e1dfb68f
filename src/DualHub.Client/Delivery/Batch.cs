namespace DualHub.Client.Delivery;

/// <summary>One rendered push: its sequence number (also in its <c>dualhub_push_sequence</c> gauge) and text 0.0.4 body.</summary>
internal sealed record Batch(long Sequence, byte[] Body);
