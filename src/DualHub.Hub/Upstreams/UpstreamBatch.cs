using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// One request (or message) cut from journal record <see cref="Sequence"/>: its encoded body, owned by the sender
/// and valid until it cuts the next; its samples; the cursor once it is delivered; and the sender's id for it.
/// </summary>
public readonly record struct UpstreamBatch(long Sequence, ReadOnlyMemory<byte> Body, int Samples, CursorPosition Next, string? Id = null);
