using CsCheck;
using DualHub.Hub.Scrape;

namespace DualHub.Hub.Tests.Scrape;

/// <summary>A scrape's pending samples come back exactly as added: series (runs and jumps), own timestamps, value bits.</summary>
public sealed class PendingSamplesTests
{
    private const long ScrapeMs = 1_700_000_000_000;

    [Fact]
    public void Samples_come_back_in_order_with_their_series_timestamps_and_values()
    {
        var sample = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 1000], Gen.Bool, Gen.Double);
        Gen.Select(sample.Array[0, 3000], Gen.Int[1, 3]).Sample((steps, scrapes) =>
        {
            var pending = new PendingSamples();
            for (var scrape = 0; scrape < scrapes; scrape++)
            {
                // Mostly the next series (a run), sometimes a jump; sometimes a timestamp of its own.
                var expected = new List<(int Series, long Ms, long Bits)>();
                var series = 0;
                pending.Clear();
                foreach (var (kind, jump, own, value) in steps)
                {
                    series = kind == 0 ? jump : series + 1;
                    var ms = own && kind == 1 ? ScrapeMs - jump : ScrapeMs;
                    pending.Add(series, value, ms, ScrapeMs);
                    expected.Add((series, ms, BitConverter.DoubleToInt64Bits(value)));
                }

                var actual = new List<(int Series, long Ms, long Bits)>();
                while (pending.HasMore)
                {
                    var s = pending.Next(ScrapeMs, out var ms, out var value);
                    actual.Add((s, ms, BitConverter.DoubleToInt64Bits(value)));
                }

                Assert.Equal(expected, actual);
                pending.Trim(pending.Count);
            }
        }, iter: 200);
    }
}
