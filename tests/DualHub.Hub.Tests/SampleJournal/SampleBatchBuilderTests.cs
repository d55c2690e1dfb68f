using DualHub.Hub.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Tests.SampleJournal;

public class SampleBatchBuilderTests
{
    [Fact]
    public void Encodes_sorted_labels_with_name_in_ordinal_place_and_exact_value_bits()
    {
        using var b = new SampleBatchBuilder(16);
        var staleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);
        b.Add("up", [new Label("Zone", "z"), new Label("instance", "h:1"), new Label("job", "j")], 1_700_000_000_123, 1);
        b.Add("x", [], -5, staleNaN);

        var samples = WireSample.Decode(b.Written.Span);

        Assert.Equal(2, b.SampleCount);
        Assert.Equal("{Zone=\"z\",__name__=\"up\",instance=\"h:1\",job=\"j\"}", samples[0].Series);
        Assert.Equal(1_700_000_000_123, samples[0].TimestampMs);
        Assert.Equal(1.0, samples[0].Value);
        Assert.Equal("{__name__=\"x\"}", samples[1].Series);
        Assert.Equal(-5, samples[1].TimestampMs);
        Assert.Equal(0x7ff0000000000002, samples[1].ValueBits);
    }

    [Fact]
    public void Entry_reader_splits_at_series_boundaries_and_counts_samples()
    {
        using var b = new SampleBatchBuilder();
        for (var i = 0; i < 100; i++)
        {
            b.Add("m", [new Label("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))], i, i);
        }

        var reader = new TimeSeriesEntryReader(b.Written.Span);
        var n = 0;
        var total = 0;
        while (reader.TryNext(out var range, out var samples))
        {
            var one = WireSample.Decode(b.Written.Span[range]);
            Assert.Equal(n, Assert.Single(one).TimestampMs);
            n++;
            total += samples;
        }

        Assert.Equal(100, n);
        Assert.Equal(100, total);
    }
}
