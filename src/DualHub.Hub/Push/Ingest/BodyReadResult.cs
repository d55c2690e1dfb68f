namespace DualHub.Hub.Push.Ingest;

/// <summary>A request body read into a buffer, or why it could not be.</summary>
internal readonly record struct BodyReadResult(byte[] Buffer, int Length, int Status, string? Error)
{
    public bool Ok => Error is null;

    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
}
