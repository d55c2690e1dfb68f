namespace DualHub.Client.Delivery;

/// <summary>
/// One rendered push: its sequence number (also in its <c>dualhub_push_sequence</c> gauge), text 0.0.4 body, and the
/// time it was made (Unix ms, strictly increasing per agent; 0 for a batch spooled before batches carried one). Every
/// hub stamps the batch's samples with that time (<c>X-DualHub-Batch-Time</c>), so a batch two hubs both committed
/// (an answer lost on the way back, then the batch re-sent to the other hub) is the same sample twice, which CentralHub
/// drops as a duplicate, instead of two samples at two accept times.
/// </summary>
internal sealed record Batch(long Sequence, byte[] Body, long TimeMs);
