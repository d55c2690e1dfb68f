using DualHub.Hub.SampleJournal;

namespace DualHub.Hub.Tests.SampleJournal;

/// <summary>
/// A multi-record append for tests: yields <paramref name="records"/> in order through one reused buffer (as the scrape
/// loop does), calling <see cref="BeforeRecord"/> with each index first, and throws instead of yielding record
/// <see cref="FailAt"/>.
/// </summary>
internal sealed class TestRecordSource(IReadOnlyList<byte[]> records, int samplesPerRecord = 1) : IRecordSource
{
    private readonly byte[] _buffer = new byte[records.Count == 0 ? 0 : records.Max(r => r.Length)];
    private int _next;

    public Action<int>? BeforeRecord { get; init; }

    public int FailAt { get; init; } = -1;

    public bool TryWriteNext(out ReadOnlyMemory<byte> record, out int sampleCount)
    {
        record = default;
        sampleCount = 0;
        if (_next == records.Count)
        {
            return false;
        }

        var i = _next++;
        BeforeRecord?.Invoke(i);
        if (i == FailAt)
        {
            throw new InvalidDataException($"record {i} failed");
        }

        // The previous record's bytes are overwritten: the journal must have inserted it already.
        _buffer.AsSpan().Clear();
        records[i].CopyTo(_buffer, 0);
        record = _buffer.AsMemory(0, records[i].Length);
        sampleCount = samplesPerRecord;
        return true;
    }
}
