using System.Text;
using CsCheck;
using DualHub.Hub.SampleJournal;
using DualHub.Hub.Scrape;
using DualHub.Hub.Tests.SampleJournal;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Tests.Scrape;

/// <summary>
/// The scrape cache against the plain path (family parser, flattener, set difference for staleness) over random
/// scrape sequences: same samples with the same final labels, same stale markers, same count of added series, for
/// clashing and empty labels, reordered labels (one series, two raw texts), duplicates, summaries and timestamps.
/// </summary>
public sealed class ScrapeSeriesCacheTests
{
    private static readonly Label[] s_target = [new("instance", "h:1"), new("job", "j")];
    private static readonly Label[] s_external = [new("env", "e"), new("job", "ext")];

    private static readonly string[] s_labelNames = ["x", "job", "instance", "exported_job", "env", "y"];

    private static readonly Gen<string> s_line = Gen.Select(
            Gen.OneOfConst("a", "b", "c_total"),
            Gen.Shuffle(s_labelNames, 0, 3),
            Gen.OneOfConst("", "1", "2", "p}q", "q\\\"r").Array[3],
            Gen.Bool,
            Gen.Int[0, 3])
        .Select(static (name, names, values, blank, value) =>
        {
            var sb = new StringBuilder(name);
            if (blank)
            {
                sb.Append(' ');
            }

            if (names.Length > 0 || blank)
            {
                sb.Append('{').AppendJoin(',', names.Select((n, i) => $"{n}=\"{values[i]}\"")).Append('}');
            }

            return sb.Append(' ').Append(value).Append(value == 3 ? " 1600000000000" : string.Empty).Append('\n').ToString();
        });

    private static readonly Gen<string> s_body = Gen.Select(s_line.List[0, 8], Gen.Bool).Select(static (lines, summary) =>
        string.Concat(lines) + (summary ? "# TYPE s summary\ns{quantile=\"0.5\",x=\"1\"} 1\ns_sum{x=\"1\"} 2\ns_count{x=\"1\"} 3\n" : string.Empty));

    [Fact]
    public void Random_scrape_sequences_match_the_family_path()
    {
        Gen.Select(s_body.Array[1, 5], Gen.Bool, Gen.Bool).Sample((bodies, honorLabels, honorTimestamps) =>
        {
            var target = new ScrapeTarget("j", new Uri("http://h:1/metrics"), s_target, s_external, honorLabels, honorTimestamps, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(9), null);
            using var cache = new ScrapeSeriesCache(target);
            var flattener = new FamilyFlattener();
            var previous = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < bodies.Length; i++)
            {
                var ts = 1_700_000_000_000 + (i * 10_000);
                var input = Encoding.UTF8.GetBytes(bodies[i]);

                using var expectedBatch = new SampleBatchBuilder();
                flattener.Flatten(TextParser.Parse(input), s_target, s_external, honorLabels, honorTimestamps, ts, expectedBatch, null);
                var expected = WireSample.Decode(expectedBatch.Written.Span);
                var current = expected.Select(s => s.Series).ToHashSet(StringComparer.Ordinal);
                expected.AddRange(previous.Where(s => !current.Contains(s)).Select(s => new WireSample(s, ts, (long)StaleMarker.Bits)));

                using var batch = new SampleBatchBuilder();
                cache.BeginScrape(ts);
                var rest = TextParser.Parse(input, cache);
                flattener.Flatten(rest, s_target, s_external, honorLabels, honorTimestamps, ts, batch, cache);
                cache.EndScrape(batch, ts);

                Assert.Equal(Sorted(expected), Sorted(WireSample.Decode(batch.Written.Span)));
                Assert.Equal(current.Count(s => !previous.Contains(s)), cache.Added);
                Assert.Equal(current.Count, cache.SeriesCount);
                previous = current;
            }
        }, iter: 400);
    }

    [Fact]
    public void A_failed_scrape_marks_every_known_series_stale_and_starts_over()
    {
        var target = new ScrapeTarget("j", new Uri("http://h:1/metrics"), s_target, [], false, true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(9), null);
        using var cache = new ScrapeSeriesCache(target);
        using var batch = new SampleBatchBuilder();
        cache.BeginScrape(1);
        TextParser.Parse("a{x=\"1\"} 1\nb 2\n"u8, cache);
        cache.EndScrape(batch, 1);

        batch.Reset();
        cache.BeginScrape(2);
        Assert.Throws<MetricsParseException>(() => TextParser.Parse("a{x=\"1\"} 1\nb{ 2\n"u8, cache));
        batch.Reset();
        Assert.Equal(2, cache.StaleAll(batch, 2));
        Assert.All(WireSample.Decode(batch.Written.Span), s => Assert.Equal((long)StaleMarker.Bits, s.ValueBits));

        batch.Reset();
        cache.BeginScrape(3);
        TextParser.Parse("a{x=\"1\"} 1\n"u8, cache);
        cache.EndScrape(batch, 3);
        Assert.Equal(1, cache.Added);
        Assert.Single(WireSample.Decode(batch.Written.Span));
    }

    [Fact]
    public void Many_series_coming_and_going_keep_lookups_and_staleness_exact()
    {
        // Enough churn to compact the entry and series tables several times.
        var target = new ScrapeTarget("j", new Uri("http://h:1/metrics"), s_target, [], false, true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(9), null);
        using var cache = new ScrapeSeriesCache(target);
        using var batch = new SampleBatchBuilder();
        for (var round = 0; round < 6; round++)
        {
            var from = round * 1500;
            var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(from, 3000).Select(i => $"m{{id=\"{i}\"}} {i}\n")));
            batch.Reset();
            cache.BeginScrape(round);
            TextParser.Parse(body, cache);
            cache.EndScrape(batch, round);
            var samples = WireSample.Decode(batch.Written.Span);
            Assert.Equal(3000, samples.Count(s => s.ValueBits != (long)StaleMarker.Bits));
            Assert.Equal(round == 0 ? 0 : 1500, samples.Count(s => s.ValueBits == (long)StaleMarker.Bits));
            Assert.Equal(round == 0 ? 3000 : 1500, cache.Added);
            Assert.All(samples.Where(s => s.ValueBits != (long)StaleMarker.Bits), s => Assert.Contains($"id=\"{(long)s.Value}\"", s.Series, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Metric_names_of_forgotten_series_do_not_stay_shared()
    {
        // Each round brings 4000 new metric names and drops the last round's: over 6 rounds more names than a codec
        // can share, yet every round's names are shared (small compact labels) and only about the live ones are held.
        var target = new ScrapeTarget("j", new Uri("http://h:1/metrics"), s_target, [], false, true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(9), null);
        using var cache = new ScrapeSeriesCache(target);
        using var batch = new SampleBatchBuilder();
        for (var round = 0; round < 6; round++)
        {
            var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(round * 4000, 4000).Select(i => $"metric_{i}{{x=\"1\"}} {i}\n")));
            batch.Reset();
            cache.BeginScrape(round);
            TextParser.Parse(body, cache);
            cache.EndScrape(batch, round);
            Assert.Equal(round == 0 ? 4000 : 8000, WireSample.Decode(batch.Written.Span).Count);
            Assert.InRange(cache.SharedCount, 4000, (2 * 2 * 4000) + 10); // two rounds' names at most, in the codec and the name table
        }

        Assert.True(SharedLabelCodec.MaxShared < 6 * 4000);
    }

    private static List<string> Sorted(IEnumerable<WireSample> samples) =>
        [.. samples.Select(s => $"{s.Series} {s.TimestampMs} {s.ValueBits}").Order(StringComparer.Ordinal)];
}
