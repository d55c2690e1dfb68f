namespace DualHub.Hub.SampleJournal;

/// <summary>
/// One committed batch: <see cref="Data"/> is an uncompressed remote-write <c>WriteRequest</c> body
/// (a run of field-1 <c>TimeSeries</c> entries), so forwarding needs no re-encoding. Its first
/// <see cref="Length"/> bytes of <see cref="Data"/> are the payload.
/// </summary>
public sealed record JournalRecord(long Sequence, long AppendedMs, int SampleCount, byte[] Data, int Length)
{
    public ReadOnlySpan<byte> Payload => Data.AsSpan(0, Length);
}
