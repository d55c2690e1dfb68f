using System.Globalization;
using CsCheck;
using DualHub.Hub.Scrape;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Tests.Scrape;

/// <summary>
/// The scrape cache's compact label form: expanding gives back the exact wire bytes, equal label sets give equal
/// compact bytes while nothing new was learnt, shared runs make a series with target labels (and metric names, le,
/// few-valued labels) small, and once no more
/// runs can be shared, new ones stay literal without changing the form of those seen before.
/// </summary>
public sealed class SharedLabelCodecTests
{
    private static readonly Label[] s_fixed = [new("instance", "h:1"), new("job", "j"), new("env", "e")];

    private static readonly string[] s_names = ["x", "job", "instance", "env", "zz", "a_long_label_name_" + new string('n', 120)];

    private static readonly Gen<Label[]> s_labels = Gen.Select(
            Gen.OneOfConst("a", "b_total", "c"),
            Gen.Shuffle(s_names, 0, 5),
            Gen.OneOfConst("", "1", "h:1", "j", "e", new string('v', 200)).Array[5])
        .Select(static (name, names, values) =>
            names.Select((n, i) => new Label(n, values[i])).Where(l => l.Value.Length > 0).OrderBy(l => l.Name, StringComparer.Ordinal)
                .Prepend(new Label("__name__", name)).ToArray());

    [Fact]
    public void Compact_labels_expand_to_the_exact_wire_bytes_and_equal_labels_compress_equally()
    {
        s_labels.Array[1, 20].Sample(sets =>
        {
            var codec = new SharedLabelCodec(s_fixed);
            var compactOf = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var buffer = new byte[16];
            foreach (var labels in sets.Concat(sets))
            {
                var wire = Wire(labels);
                var n = codec.Compress(wire, ref buffer);
                var compact = buffer.AsSpan(0, n).ToArray();
                Assert.Equal(wire.Length, SharedLabelCodec.ExpandedLength(compact, out var items));
                var expanded = new byte[wire.Length];
                codec.Expand(compact, items, expanded);
                Assert.Equal(wire, expanded);

                var key = Convert.ToHexString(wire);
                Assert.Equal(compactOf.GetValueOrDefault(key, compact), compact);
                compactOf[key] = compact;
            }
        }, iter: 300);
    }

    [Fact]
    public void Target_labels_names_and_few_valued_labels_are_stored_once_and_many_valued_labels_stay_literal()
    {
        var codec = new SharedLabelCodec(s_fixed);
        var buffer = new byte[16];
        var last = 0;
        for (var i = 0; i <= SharedLabelCodec.MaxValuesShared + 100; i++)
        {
            last = codec.Compress(Wire(Series(i)), ref buffer);
        }

        // Length, reference to (name, env, group), literal id, reference to (instance, job): both references are past
        // the first 64 runs (the first series' whole label sets were shared while id had few values).
        var id = RemoteWriteWire.EncodeLabel("id", (SharedLabelCodec.MaxValuesShared + 100).ToString(CultureInfo.InvariantCulture)).Length;
        Assert.InRange(last, 1 + 1 + (1 + id) + 1, 1 + 2 + (1 + id) + 2);
        Assert.True(last < Wire(Series(0)).Length / 3);

        // Histogram buckets of another metric: (name, env, handler, instance, job, le) is one run.
        var bucket = codec.Compress(Wire([new("__name__", "h_bucket"), new("env", "e"), new("handler", "/a"), new("instance", "h:1"), new("job", "j"), new("le", "0.5")]), ref buffer);
        Assert.InRange(bucket, 2, 3);

        static Label[] Series(int i) =>
            [new("__name__", "bench_series"), new("env", "e"), new("group", "g" + (i % 100)), new("id", i.ToString(CultureInfo.InvariantCulture)), new("instance", "h:1"), new("job", "j")];
    }

    [Fact]
    public void When_no_more_runs_can_be_shared_new_names_stay_literal_and_old_forms_keep()
    {
        var codec = new SharedLabelCodec(s_fixed);
        var buffer = new byte[16];
        byte[] Compact(int i)
        {
            var n = codec.Compress(Wire([new("__name__", "m" + i), new("job", "j")]), ref buffer);
            return buffer.AsSpan(0, n).ToArray();
        }

        var early = Compact(5);
        for (var i = 0; i < SharedLabelCodec.MaxShared + 10; i++)
        {
            var compact = Compact(i);
            var wire = Wire([new("__name__", "m" + i), new("job", "j")]);
            var expanded = new byte[SharedLabelCodec.ExpandedLength(compact, out var items)];
            codec.Expand(compact, items, expanded);
            Assert.Equal(wire, expanded);
        }

        Assert.Equal(early, Compact(5));
        var late = Compact(SharedLabelCodec.MaxShared + 5);
        Assert.True(late.Length > 4, "a name past the limit is literal");
        Assert.Equal(late, Compact(SharedLabelCodec.MaxShared + 5));
    }

    private static byte[] Wire(Label[] labels) => [.. labels.SelectMany(l => RemoteWriteWire.EncodeLabel(l.Name, l.Value))];
}
