using DualHub.Hub.SampleJournal;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Hub.Tests.SampleJournal;

/// <summary>A record's payload read as a stream (the forwarder's path): the open blob and the ReadRange default give the record's bytes wherever reads start.</summary>
public sealed class PayloadStreamTests : IDisposable
{
    private readonly string _dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(_dir);

    [Fact]
    public async Task Blob_stream_and_range_default_read_the_record_from_any_position_and_report_a_deleted_record()
    {
        await using var log = SqliteSampleLog.Open(new SampleLogOptions { Path = Path.Combine(_dir, "s.db") }, new FakeTimeProvider());
        var record = new byte[300_000];
        new Random(7).NextBytes(record);
        var seq = await log.AppendAsync(record, 1);

        using var blob = log.OpenPayload(seq)!;
        using var ranges = new RangeReadStream(log, seq, record.Length);
        foreach (var stream in new[] { blob, ranges })
        {
            Assert.Equal(record.Length, stream.Length);
            foreach (var start in new[] { 0, 4096, 123_457, 299_999 })
            {
                stream.Position = start;
                var read = new byte[record.Length - start];
                Assert.Equal(read.Length, stream.ReadAtLeast(read, read.Length, throwOnEndOfStream: false));
                Assert.Equal(record.AsSpan(start).ToArray(), read);
            }
        }

        Assert.Null(log.OpenPayload(seq + 1));
    }
}
