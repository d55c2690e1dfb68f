using System.Buffers;
using DualHub.Hub.Upstreams;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Tests.Upstreams;

public sealed class NatsPublishSenderTests
{
    [Fact]
    public void Msg_ids_name_the_node_and_the_journal_record()
    {
        Assert.Equal("pc2-17", NatsPublishSender.MsgId("pc2", 17, 0));
        Assert.Equal("pc2-17-40", NatsPublishSender.MsgId("pc2", 17, 40));
    }

    [Fact]
    public void Large_records_split_at_entry_boundaries_into_messages_under_the_limit()
    {
        var request = new WriteRequest();
        for (var i = 0; i < 100; i++)
        {
            request.Series.Add(new TimeSeries
            {
                Labels = [new Label("__name__", "m"), new Label("i", new string('x', 90) + i)],
                Samples = [new Sample(i, 1000), new Sample(i, 2000)],
            });
        }

        var buffer = new ArrayBufferWriter<byte>();
        RemoteWriteCodec.Encode(request, buffer);
        var chunks = new List<(int Start, int End, int NextEntry, int Samples)>();

        RemoteWriteEntries.Split(buffer.WrittenSpan, 4096, chunks);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.InRange(c.End - c.Start, 1, 4096));
        Assert.Equal(200, chunks.Sum(c => c.Samples));
        Assert.Equal(100, chunks[^1].NextEntry);
        Assert.Equal(buffer.WrittenCount, chunks[^1].End);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].End, chunks[i].Start);
        }

        // Each slice is a valid WriteRequest on its own.
        var first = RemoteWriteCodec.Decode(buffer.WrittenSpan[chunks[0].Start..chunks[0].End]);
        Assert.Equal(chunks[1].NextEntry - chunks[0].NextEntry, RemoteWriteCodec.Decode(buffer.WrittenSpan[chunks[1].Start..chunks[1].End]).Series.Count);
        Assert.Equal(chunks[0].NextEntry, first.Series.Count);
    }
}
