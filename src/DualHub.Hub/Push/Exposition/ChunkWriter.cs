using System.Buffers;
using DualHub.Metrics.Model;
using DualHub.Metrics.Text;

namespace DualHub.Hub.Push.Exposition;

/// <summary>
/// Builds cached exposition bytes with DualHub.Metrics' writers: the sample lines of each metric (the writer's
/// output for a one-metric family minus its TYPE line), and family headers (HELP/TYPE lines).
/// </summary>
internal static class ChunkWriter
{
    public static ReadOnlySpan<byte> Eof => "# EOF\n"u8;

    public static SeriesChunk Build(MetricFamily family, bool openMetrics)
    {
        if (!openMetrics && family.Type is MetricType.Gauge or MetricType.Counter or MetricType.Untyped)
        {
            return BuildOneLinePerMetric(family);
        }

        var output = new ArrayBufferWriter<byte>(Math.Max(256, family.Metrics.Count * 64));
        var offsets = new int[family.Metrics.Count + 1];
        var scratch = new ArrayBufferWriter<byte>(256);
        var single = new MetricFamily(family.Name, family.Type);
        for (var i = 0; i < family.Metrics.Count; i++)
        {
            offsets[i] = output.WrittenCount;
            scratch.ResetWrittenCount();
            single.Metrics.Clear();
            single.Metrics.Add(family.Metrics[i]);
            Write(scratch, single, openMetrics);
            var written = scratch.WrittenSpan;
            var skip = SkipHeaderLines(written);
            var end = openMetrics && written.EndsWith(Eof) ? written.Length - Eof.Length : written.Length;
            output.Write(written[skip..end]);
        }

        offsets[^1] = output.WrittenCount;
        return new SeriesChunk(output.WrittenSpan.ToArray(), offsets, family.Metrics);
    }

    /// <summary>Text 0.0.4 writes exactly one line per counter, gauge or untyped metric: one write, offsets from the newlines.</summary>
    private static SeriesChunk BuildOneLinePerMetric(MetricFamily family)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(256, (family.Metrics.Count * 96) + 128));
        var bare = new MetricFamily(family.Name, family.Type);
        bare.Metrics.AddRange(family.Metrics);
        Write(output, bare, openMetrics: false);
        var written = output.WrittenSpan;
        var skip = SkipHeaderLines(written);
        var body = written[skip..].ToArray();
        var offsets = new int[family.Metrics.Count + 1];
        var pos = 0;
        for (var i = 0; i < family.Metrics.Count; i++)
        {
            offsets[i] = pos;
            pos += body.AsSpan(pos).IndexOf((byte)'\n') + 1;
        }

        offsets[^1] = body.Length;
        return new SeriesChunk(body, offsets, family.Metrics);
    }

    /// <summary>The HELP and TYPE lines of a family (as the writer prints them for its first metric).</summary>
    public static byte[] Header(string name, MetricType type, string help, Metric sample, bool openMetrics)
    {
        var f = new MetricFamily(name, type) { Help = help };
        f.Metrics.Add(sample);
        var scratch = new ArrayBufferWriter<byte>(256);
        Write(scratch, f, openMetrics);
        var written = scratch.WrittenSpan;
        return written[..SkipHeaderLines(written)].ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> output, MetricFamily family, bool openMetrics)
    {
        if (openMetrics)
        {
            OpenMetricsWriter.Write(output, [family]);
        }
        else
        {
            TextWriter004.Write(output, [family]);
        }
    }

    private static int SkipHeaderLines(ReadOnlySpan<byte> text)
    {
        var pos = 0;
        while (pos < text.Length && text[pos] == (byte)'#')
        {
            var nl = text[pos..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                return text.Length;
            }

            pos += nl + 1;
        }

        return pos;
    }
}
