using DualHub.Client.Delivery;
using DualHub.Client.Options;
using DualHub.Client.Spool;
using DualHub.Testing;

namespace DualHub.Client.Tests.Spool;

public sealed class DiskSpoolTests : IDisposable
{
    private readonly string _dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(_dir);

    private DiskSpool Open(int maxBatches, long maxBytes) =>
        new(new ResolvedSpoolOptions(new SpoolOptions { Path = _dir, MaxBatches = maxBatches, MaxBytes = maxBytes }, new AgentIdentity()));

    private static Batch B(long seq, int size = 10) => new(seq, Enumerable.Repeat((byte)('a' + (seq % 26)), size).ToArray(), 1_733_550_000_000 + seq);

    private static List<long> Drain(DiskSpool spool)
    {
        var seen = new List<long>();
        while (spool.TryPeekOldest(out var b))
        {
            seen.Add(b.Sequence);
            spool.RemoveOldest(b.Sequence);
        }

        return seen;
    }

    [Fact]
    public void Batches_come_out_in_the_order_they_went_in_with_their_bytes()
    {
        var spool = Open(100, 1 << 20);
        foreach (var s in new long[] { 7, 8, 9, 10, 11 })
        {
            spool.Append(B(s));
        }

        Assert.True(spool.TryPeekOldest(out var first));
        Assert.Equal(B(7).Body, first.Body);
        Assert.Equal([7, 8, 9, 10, 11], Drain(spool));
        Assert.Equal(0, spool.Count);
        Assert.Equal(0, spool.Bytes);
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.batch"));
    }

    [Fact]
    public void A_reopened_spool_gives_each_batch_its_time_and_reads_an_older_agents_batch_without_one()
    {
        Open(100, 1 << 20).Append(B(5));
        File.WriteAllBytes(Path.Combine(_dir, "00000000000000000004.batch"), "x 1\n"u8.ToArray()); // spooled by an agent before batch times

        var reopened = Open(100, 1 << 20);

        Assert.True(reopened.TryPeekOldest(out var legacy));
        Assert.Equal((4L, 0L), (legacy.Sequence, legacy.TimeMs));
        reopened.RemoveOldest(4);
        Assert.True(reopened.TryPeekOldest(out var b));
        Assert.Equal((5L, 1_733_550_000_005L), (b.Sequence, b.TimeMs));
        Assert.Equal(B(5).Body, b.Body);
        reopened.RemoveOldest(5);
        Assert.Empty(Directory.EnumerateFiles(_dir));
    }

    [Fact]
    public void A_reopened_spool_has_every_batch_in_order_and_the_highest_sequence()
    {
        var spool = Open(100, 1 << 20);
        for (long s = 98; s <= 102; s++)
        {
            spool.Append(B(s)); // 98..102 crosses a digit boundary: order is numeric, not textual
        }

        var reopened = Open(100, 1 << 20);

        Assert.Equal(5, reopened.Count);
        Assert.Equal(102, reopened.MaxSequence);
        Assert.Equal(50, reopened.Bytes);
        Assert.Equal([98, 99, 100, 101, 102], Drain(reopened));
    }

    [Fact]
    public void An_append_cut_short_by_a_crash_is_not_restored()
    {
        var spool = Open(100, 1 << 20);
        spool.Append(B(1));
        File.WriteAllBytes(Path.Combine(_dir, "00000000000000000002.tmp"), [1, 2]);

        var reopened = Open(100, 1 << 20);

        Assert.Equal([1], Drain(reopened));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void Beyond_max_batches_the_oldest_are_dropped_and_reported()
    {
        var spool = Open(3, 1 << 20);
        for (long s = 1; s <= 3; s++)
        {
            Assert.Equal(0, spool.Append(B(s)).DroppedBatches);
        }

        var r = spool.Append(B(4));

        Assert.Equal(new SpoolAppendResult(1, 10, 1, 1), r);
        Assert.Equal([2, 3, 4], Drain(spool));
    }

    [Fact]
    public void Beyond_max_bytes_the_oldest_are_dropped_but_the_newest_always_stays()
    {
        var spool = Open(100, 2048);
        spool.Append(B(1, 1000));
        spool.Append(B(2, 1000));

        var r = spool.Append(B(3, 4096));

        Assert.Equal(2, r.DroppedBatches);
        Assert.Equal((1, 2), (r.FirstDroppedSequence, r.LastDroppedSequence));
        Assert.Equal([3], Drain(spool));
    }

    [Fact]
    public void The_sequence_file_survives_a_restart()
    {
        new SequenceFile(_dir).Save(41);

        Assert.Equal(41, new SequenceFile(_dir).Load());
        Assert.Equal(0, new SequenceFile(Path.Combine(_dir, "missing")).Load());
    }
}
