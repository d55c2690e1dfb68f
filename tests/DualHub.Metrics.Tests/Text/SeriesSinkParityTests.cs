using System.Buffers;
using System.Globalization;
using System.Text;
using CsCheck;
using DualHub.Metrics.Model;
using DualHub.Metrics.Tests.Support;
using DualHub.Metrics.Text;

namespace DualHub.Metrics.Tests.Text;

/// <summary>
/// The scrape path's parse (<see cref="TextParser.Parse(ReadOnlySpan{byte}, ITextSeriesSink)"/>, series cached by
/// their raw text) must accept and reject exactly what the family parser does, with the same message, and give the
/// same samples, whether the cache is cold, warm from the same input, or warm from another input.
/// </summary>
public class SeriesSinkParityTests
{
    private static readonly string[] s_fixtures = ["pushgateway-1.5.1-metrics.txt", "prometheus-2.42-metrics.txt"];

    [Fact]
    public void Recorded_expositions_give_the_same_samples_cold_and_warm()
    {
        var sink = new CachingSink();
        foreach (var name in s_fixtures)
        {
            var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
            var expected = Reference(input);
            Assert.StartsWith("ok", expected, StringComparison.Ordinal);
            Assert.Equal(expected, WithSink(input, sink));
            var before = sink.Hits;
            Assert.Equal(expected, WithSink(input, sink));
            Assert.True(sink.Hits - before > 20, $"{name}: {sink.Hits - before} cache hits");
        }
    }

    [Theory]
    [MemberData(nameof(MalformedCorpusTests.TextCorpus), MemberType = typeof(MalformedCorpusTests))]
    public void Malformed_input_gives_the_same_error(string why, string text)
    {
        var input = Encoding.UTF8.GetBytes(text);
        var expected = Reference(input);
        Assert.StartsWith("error", expected, StringComparison.Ordinal);
        var sink = new CachingSink();
        Assert.Equal(expected, WithSink(input, sink));
        Assert.True(Reference(input) == WithSink(input, sink), why);
        Assert.Equal(expected, InPieces(input, new CachingSink(), 1));
    }

    [Fact]
    public void Cached_series_text_in_other_contexts_gives_the_same_result()
    {
        // Warm the cache with plain series, then meet the same text as a summary/histogram line, after a bad TYPE,
        // with a broken value, duplicated, reordered and with blanks around the braces.
        var warm = "a{x=\"1\",y=\"}\\\"{\"} 1\nh_bucket{le=\"1\"} 2\ns{quantile=\"0.5\"} 3\nb 4 1000\nc {x=\"1\"} 5\n";
        string[] cases =
        [
            warm,
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_count 2\n",
            "# TYPE s summary\ns{quantile=\"0.5\"} 3\n",
            "a{x=\"1\",y=\"}\\\"{\"} x\n",
            "a{x=\"1\",y=\"}\\\"{\"} 1 2 3\n",
            "a{x=\"1\",y=\"}\\\"{\"} 1\na{x=\"1\",y=\"}\\\"{\"} 2\n",
            "a{y=\"}\\\"{\",x=\"1\"} 1\n",
            "c {x=\"1\"} 5\nc{x=\"1\"} 6\n",
            "b 4\n# TYPE b gauge\n",
            "# TYPE a counter\na{x=\"1\",y=\"}\\\"{\"} 1\n",
            "# TYPE a gauge_histogram\na{x=\"1\",y=\"}\\\"{\"} 1\n",
            "a{x=\"1\",y=\"}\\\"{\"}",
            "a{x=\"1\",y=\"}\\\"{\"} 1",
        ];
        var sink = new CachingSink();
        WithSink(Encoding.UTF8.GetBytes(warm), sink);
        foreach (var text in cases)
        {
            var input = Encoding.UTF8.GetBytes(text);
            Assert.Equal(Reference(input), WithSink(input, sink));
        }
    }

    [Fact]
    public void Random_expositions_and_corruptions_match_the_family_parser()
    {
        var families = ModelGen.Families([MetricType.Counter, MetricType.Gauge, MetricType.Untyped, MetricType.Summary, MetricType.Histogram], withCreated: false);
        var edits = Gen.Select(Gen.Int[0, 10_000], Gen.OneOfConst("\n", "\"", "}", "{", "\\", " ", ",", "=", "x", "1", "# TYPE m0_1x gauge\n", ""), Gen.Int[0, 3]).Array[0, 3];
        Gen.Select(families, families, edits, Gen.Int[1, 5]).Sample((a, b, corruptions, every) =>
        {
            var first = Render(a);
            var second = Corrupt(Render(b.Concat(a.Take(2)).DistinctBy(f => f.Name)), corruptions);
            var sink = new CachingSink();
            Assert.Equal(Reference(first), WithSink(first, sink));
            Assert.Equal(Reference(second), WithSink(second, sink));
            Assert.Equal(Reference(first), WithSink(first, sink));
            Assert.Equal(Reference(second), InPieces(second, sink, every));
        }, iter: 1500);
    }

    [Fact]
    public void Recorded_expositions_parse_the_same_in_pieces()
    {
        foreach (var name in s_fixtures)
        {
            var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
            foreach (var every in new[] { 1, 3, 50 })
            {
                Assert.Equal(Reference(input), InPieces(input, new CachingSink(), every));
            }
        }
    }

    private static byte[] Render(IEnumerable<MetricFamily> families)
    {
        var output = new ArrayBufferWriter<byte>();
        TextWriter004.Write(output, families);
        return output.WrittenSpan.ToArray();
    }

    private static byte[] Corrupt(byte[] input, (int At, string Text, int Cut)[] edits)
    {
        var s = new List<byte>(input);
        foreach (var (at, text, cut) in edits)
        {
            var i = s.Count == 0 ? 0 : at % s.Count;
            s.RemoveRange(i, Math.Min(cut, s.Count - i));
            s.InsertRange(i, Encoding.UTF8.GetBytes(text));
        }

        return [.. s];
    }

    /// <summary>The family parser's answer as text: the error message, or every sample flattened and sorted.</summary>
    private static string Reference(byte[] input)
    {
        try
        {
            var families = TextParser.Parse(input);
            var lines = new List<string>();
            foreach (var f in families)
            {
                if (f.Type is MetricType.Counter or MetricType.Gauge or MetricType.Untyped)
                {
                    lines.AddRange(f.Metrics.Select(m => Line(f.Name, m.Labels, m.Value, m.TimestampMs)));
                }
            }

            return Answer(lines, families.Where(f => f.Type is not (MetricType.Counter or MetricType.Gauge or MetricType.Untyped)));
        }
        catch (MetricsParseException ex)
        {
            return "error " + ex.Message + " line " + ex.Line;
        }
    }

    private static string WithSink(byte[] input, CachingSink sink)
    {
        sink.Lines.Clear();
        try
        {
            var rest = TextParser.Parse(input, sink);
            return Answer(sink.Lines, rest);
        }
        catch (MetricsParseException ex)
        {
            return "error " + ex.Message + " line " + ex.Line;
        }
    }

    /// <summary>The stream parser fed a piece of every <paramref name="every"/> lines, the rest after the last LF at the end.</summary>
    private static string InPieces(byte[] input, CachingSink sink, int every)
    {
        sink.Lines.Clear();
        try
        {
            var parser = new TextStreamParser(sink);
            int start = 0, lines = 0;
            for (var i = 0; i < input.Length; i++)
            {
                if (input[i] == '\n' && ++lines % every == 0)
                {
                    parser.Feed(input.AsSpan(start, i + 1 - start));
                    start = i + 1;
                }
            }

            return Answer(sink.Lines, parser.Complete(input.AsSpan(start)));
        }
        catch (MetricsParseException ex)
        {
            return "error " + ex.Message + " line " + ex.Line;
        }
    }

    private static string Answer(List<string> plain, IEnumerable<MetricFamily> others) =>
        "ok\n" + string.Join('\n', plain.Order(StringComparer.Ordinal)) + "\n" + ModelDump.Dump(others);

    private static string Line(string name, ReadOnlySpan<Label> labels, double value, long? ts)
    {
        var sb = new StringBuilder(name).Append('{');
        foreach (var l in labels)
        {
            sb.Append(l.Name).Append('=').Append(l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append(';');
        }

        return sb.Append("} ").Append(BitConverter.DoubleToInt64Bits(value).ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ts?.ToString(CultureInfo.InvariantCulture) ?? "-").ToString();
    }

    /// <summary>A sink with a real cache: a hit reuses what the first parse of the same raw text produced.</summary>
    private sealed class CachingSink : ITextSeriesSink
    {
        private readonly Dictionary<string, int> _byRaw = new(StringComparer.Ordinal);
        private readonly List<(string Name, Label[] Labels)> _series = [];

        public List<string> Lines { get; } = [];

        public int Hits { get; private set; }

        public int Find(ReadOnlySpan<byte> rawSeries)
        {
            if (_byRaw.TryGetValue(Convert.ToHexString(rawSeries), out var handle))
            {
                Hits++;
                return handle;
            }

            return -1;
        }

        public int Add(ReadOnlySpan<byte> rawSeries, string metricName, ReadOnlySpan<Label> labels)
        {
            _series.Add((metricName, labels.ToArray()));
            if (!rawSeries.IsEmpty)
            {
                _byRaw[Convert.ToHexString(rawSeries)] = _series.Count - 1;
            }

            return _series.Count - 1;
        }

        public void Sample(int handle, double value, long? timestampMs)
        {
            var (name, labels) = _series[handle];
            Lines.Add(Line(name, labels, value, timestampMs));
        }
    }
}
