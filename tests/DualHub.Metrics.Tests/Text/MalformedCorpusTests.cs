using System.Text;
using CsCheck;
using DualHub.Metrics.Protobuf;
using DualHub.Metrics.Text;
using DualHub.Testing;

namespace DualHub.Metrics.Tests.Text;

/// <summary>Hostile and malformed input: every case is a <see cref="MetricsParseException"/>, never another exception or a hang.</summary>
public class MalformedCorpusTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_hang = TimeSpan.FromMinutes(2);

    public static TheoryData<string, string> TextCorpus => new()
    {
        { "no final LF", "a 1" },
        { "CRLF", "a 1\r\n" },
        { "name only", "a\n" },
        { "open brace then LF", "a{\n" },
        { "label name then LF", "a{b\n" },
        { "equals then LF", "a{b=\n" },
        { "unescaped newline in value", "a{b=\"x\ny\"} 1\n" },
        { "unterminated value at EOF", "a{b=\"x" },
        { "bad escape", "a{b=\"\\q\"} 1\n" },
        { "backslash at EOF", "a{b=\"\\" },
        { "missing close brace", "a{b=\"x\"\n" },
        { "empty value", "a{b=\"x\"} \n" },
        { "huge number", "a 1e999\n" },
        { "huge negative number", "a -1e999\n" },
        { "ten thousand digit number", "a 1" + new string('0', 10_000) + "\n" },
        { "timestamp overflow", "a 1 99999999999999999999\n" },
        { "timestamp sign only", "a 1 -\n" },
        { "float timestamp", "a 1 1e3\n" },
        { "NaN with junk", "a NaNx\n" },
        { "signed NaN", "a +NaN\n" },
        { "hex value", "a 0x10\n" },
        { "two dots", "a 1.2.3\n" },
        { "spurious after timestamp", "a 2 3 4\n" },
        { "trailing blank after timestamp", "a 1 1 \n" },
        { "name starts with digit", "1abc 1\n" },
        { "NUL as name", "\0 1\n" },
        { "NUL after name", "a\0 1\n" },
        { "NUL in label name", "a{b\0=\"1\"} 1\n" },
        { "reserved __name__ label", "a{__name__=\"x\"} 1\n" },
        { "duplicate label names", "a{b=\"1\",b=\"1\"} 1\n" },
        { "duplicate TYPE", "# TYPE a counter\n# TYPE a counter\n" },
        { "duplicate HELP", "# HELP a x\n# HELP a x\n" },
        { "TYPE after samples", "a 1\n# TYPE a gauge\n" },
        { "TYPE for a histogram suffix", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# TYPE h_sum gauge\n" },
        { "bad le", "# TYPE h histogram\nh_bucket{le=\"one\"} 1\n" },
        { "empty le", "# TYPE h histogram\nh_bucket{le=\"\"} 1\n" },
        { "bad quantile", "# TYPE s summary\ns{quantile=\"abc\"} 1\n" },
        { "second bad quantile", "# TYPE s summary\ns{quantile=\"1\",quantile=\"x\"} 1\n" },
        { "unknown type", "# TYPE a nonsense\n" },
        { "type with trailing blank", "# TYPE a counter \n" },
        { "bad escape in HELP", "# HELP a \\x\n" },
        { "HELP at EOF", "# HELP a x\\" },
        { "TYPE at EOF", "# TYPE a\tcounter" },
        { "invalid name in comment", "# HELP 9 x\n" },
        { "brace in comment name", "# TYPE a:b{ gauge\n" },
        { "no metric name", "{a=\"b\"} 1\n" },
        { "empty label name", "a{=\"b\"} 1\n" },
        { "double close brace", "a{b=\"c\"}} 1\n" },
        { "double comma", "a{b=\"c\",,} 1\n" },
        { "unquoted label value", "a{b=c} 1\n" },
        { "BOM line", "a 1\n\uFEFFb 2\n" },
        { "lone hash at EOF", "#" },
        { "blanks then sample without LF", "   a 1" },
        { "label with colon", "a{b:c=\"1\"} 1\n" },
        { "value only", " 1\n" },
    };

    public static TheoryData<string, byte[]> ByteCorpus => new()
    {
        { "invalid UTF-8 value", [.. "a{b=\""u8, 0xFF, .. "\"} 1\n"u8] },
        { "truncated UTF-8 value", [.. "a{b=\""u8, 0xC3, .. "\"} 1\n"u8] },
        { "overlong UTF-8 slash", [.. "a{b=\""u8, 0xC0, 0xAF, .. "\"} 1\n"u8] },
        { "UTF-16 surrogate in UTF-8", [.. "a{b=\""u8, 0xED, 0xA0, 0x80, .. "\"} 1\n"u8] },
        { "high byte in name", [.. "a"u8, 0xE9, .. " 1\n"u8] },
    };

    [Theory]
    [MemberData(nameof(TextCorpus))]
    public void Text004_malformed_input_gives_a_parse_error(string why, string text)
    {
        var ex = Assert.Throws<MetricsParseException>(() => TextParser.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.StartsWith("text format parsing error in line ", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Line > 0, why);
    }

    [Theory]
    [MemberData(nameof(ByteCorpus))]
    public void Text004_malformed_bytes_give_a_parse_error(string why, byte[] bytes)
    {
        var ex = Assert.Throws<MetricsParseException>(() => TextParser.Parse(bytes));
        Assert.True(ex.Line > 0, why);
    }

    [Theory]
    [MemberData(nameof(TextCorpus))]
    public void OpenMetrics_rejects_the_same_corpus(string why, string text)
    {
        var ex = Assert.Throws<MetricsParseException>(() => OpenMetricsParser.Parse(Encoding.UTF8.GetBytes(text)));
        Assert.True(ex.Line > 0, why);
    }

    [Fact]
    public void Random_corruption_of_valid_input_never_escapes_as_another_exception()
    {
        var text = Encoding.UTF8.GetBytes("""
            # HELP rpc Latency.
            # TYPE rpc summary
            rpc{service="a",quantile="0.5"} 4773
            rpc_sum{service="a"} 1.7e+07
            rpc_count{service="a"} 2693
            # TYPE lat histogram
            lat_bucket{le="0.05"} 24054 1395066363000
            lat_bucket{le="+Inf"} 144320
            lat_sum 53423
            lat_count 144320
            # TYPE c counter
            c_total{a="x\"y"} 3
            # EOF

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        var proto = ProtobufRoundTripBytes(text);
        var corruption = Gen.Select(Gen.Int[0, text.Length - 1], Gen.Byte, Gen.Int[0, 2]);
        corruption.Array[1, 4].Sample(edits =>
        {
            foreach (var input in new[] { Apply(text, edits), Apply(proto, edits) })
            {
                AssertOnlyParseErrors(() => TextParser.Parse(input));
                AssertOnlyParseErrors(() => OpenMetricsParser.Parse(input));
                AssertOnlyParseErrors(() => ProtobufParser.ParseDelimited(input));
            }
        }, iter: 2000);
    }

    [Fact]
    public void Pathological_inputs_finish_quickly()
    {
        var many = new StringBuilder("a{");
        for (var i = 0; i < 50_000; i++)
        {
            many.Append('l').Append(i).Append("=\"\",");
        }

        many.Append("} 1\n");
        string[] texts =
        [
            many.ToString(),
            "a{" + string.Concat(Enumerable.Repeat("b=\"1\",", 50_000)) + "} 1\n",
            "a{b=\"" + string.Concat(Enumerable.Repeat("\\\\\\\"\\n", 200_000)) + "\"} 1\n",
            "# TYPE s summary\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"s{{x=\"{i}\",quantile=\"0.5\"}} 1\n")),
            string.Concat(Enumerable.Repeat("#\n", 300_000)),
            new string('a', 1_000_000) + " 1\n",
            "a 1" + new string('0', 1_000_000) + "\n",
            new string('{', 1_000_000),
            "a " + new string(' ', 1_000_000),
        ];
        // CPU time of the parsing thread, not wall time: on two loaded cores a 5 s wall deadline failed while the
        // parsers used a fraction of it. A quadratic parser would take minutes of CPU on these 1 MB inputs.
        var used = ThreadCpu.Measure(
            () =>
            {
                foreach (var text in texts)
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    AssertOnlyParseErrors(() => TextParser.Parse(bytes));
                    AssertOnlyParseErrors(() => OpenMetricsParser.Parse(bytes));
                    AssertOnlyParseErrors(() => ProtobufParser.ParseDelimited(bytes));
                }
            },
            s_hang);
        Assert.True(used is not null, $"the parsers did not finish within {s_hang.TotalSeconds} s of wall time");
        Assert.True(used <= s_deadline, $"the parsers used {used.Value.TotalSeconds:0.00} s of CPU (limit {s_deadline.TotalSeconds} s)");
    }

    private static byte[] ProtobufRoundTripBytes(byte[] text)
    {
        var families = TextParser.Parse(text.AsSpan(0, text.Length - "# EOF\n\n".Length + 1));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        ProtobufWriter.WriteDelimited(buffer, families);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Apply(byte[] input, (int Position, byte Value, int Kind)[] edits)
    {
        var bytes = input.ToList();
        foreach (var (position, value, kind) in edits)
        {
            var p = Math.Min(position, bytes.Count - 1);
            switch (kind)
            {
                case 0:
                    bytes[p] = value;
                    break;
                case 1:
                    bytes.Insert(p, value);
                    break;
                default:
                    bytes.RemoveRange(p, bytes.Count - p);
                    break;
            }

            if (bytes.Count == 0)
            {
                break;
            }
        }

        return [.. bytes];
    }

    private static void AssertOnlyParseErrors(Action parse)
    {
        try
        {
            parse();
        }
        catch (MetricsParseException)
        {
        }
    }
}
