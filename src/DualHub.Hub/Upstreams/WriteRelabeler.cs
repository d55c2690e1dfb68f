using System.Text;
using DualHub.Hub.Relabel;
using DualHub.Metrics.RemoteWrite;

namespace DualHub.Hub.Upstreams;

/// <summary>
/// <c>write_relabel_configs</c> of one upstream over a chunk of journaled <c>TimeSeries</c> entries: each series'
/// labels are relabeled (dropped series are left out) and its samples copied as they are. Buffers are reused.
/// </summary>
internal sealed class WriteRelabeler(IReadOnlyList<RelabelRule> rules)
{
    private readonly RelabelLabels _labels = new();
    private readonly Dictionary<int, string> _strings = [];
    private byte[] _out = new byte[64 * 1024];

    /// <summary>The relabeled entries, valid until the next call.</summary>
    /// <exception cref="Metrics.Text.MetricsParseException">Malformed journal data.</exception>
    public ReadOnlySpan<byte> Apply(ReadOnlySpan<byte> chunk)
    {
        var written = 0;
        var entries = new TimeSeriesEntryReader(chunk);
        while (entries.TryRead(out _, out var body))
        {
            _labels.Reset([]);
            var reader = new WireReader(body);
            var rest = 0;
            while (reader.TryReadLengthDelimited(out var field, out var start, out var payload))
            {
                if (field == RemoteWriteWire.LabelField)
                {
                    RemoteWriteWire.ReadLabel(payload, out var name, out var value);
                    _labels.Set(Intern(name), Encoding.UTF8.GetString(value));
                }
                else
                {
                    rest += reader.Position - start;
                }
            }

            if (!Relabeler.Process(_labels, rules) || _labels.Count == 0)
            {
                continue;
            }

            _labels.Sort();
            var size = rest;
            foreach (var l in _labels.Items)
            {
                size += RemoteWriteWire.LabelSize(Encoding.UTF8.GetByteCount(l.Name), Encoding.UTF8.GetByteCount(l.Value));
            }

            var need = written + WireWriter.LengthDelimitedSize(size);
            if (_out.Length < need)
            {
                Array.Resize(ref _out, Math.Max(need, _out.Length * 2));
            }

            var writer = new WireWriter(_out.AsSpan(written));
            writer.WriteTag(RemoteWriteWire.TimeSeriesField, WireType.LengthDelimited);
            writer.WriteVarint((uint)size);
            foreach (var l in _labels.Items)
            {
                RemoteWriteWire.WriteLabel(ref writer, l.Name, Encoding.UTF8.GetByteCount(l.Name), l.Value, Encoding.UTF8.GetByteCount(l.Value));
            }

            // Samples (and anything else but labels) as they are.
            reader = new WireReader(body);
            while (reader.TryReadLengthDelimited(out var field, out var start, out _))
            {
                if (field != RemoteWriteWire.LabelField)
                {
                    writer.WriteBytes(body[start..reader.Position]);
                }
            }

            written += writer.Written;
        }

        return _out.AsSpan(0, written);
    }

    /// <summary>Label names repeat across series: one string per distinct name (bounded).</summary>
    private string Intern(ReadOnlySpan<byte> name)
    {
        var hash = 17;
        foreach (var b in name)
        {
            hash = (hash * 31) + b;
        }

        if (_strings.TryGetValue(hash, out var s) && Encoding.UTF8.GetByteCount(s) == name.Length && Matches(s, name))
        {
            return s;
        }

        s = Encoding.UTF8.GetString(name);
        if (_strings.Count < 4096)
        {
            _strings[hash] = s;
        }

        return s;
    }

    private static bool Matches(string s, ReadOnlySpan<byte> utf8)
    {
        Span<byte> buffer = stackalloc byte[256];
        return utf8.Length <= 256 && Encoding.UTF8.GetBytes(s, buffer) == utf8.Length && buffer[..utf8.Length].SequenceEqual(utf8);
    }
}
