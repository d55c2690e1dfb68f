using System.Text;
using DualHub.Hub.Store;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Journal;

/// <summary>
/// Binary encoding of journal operations and snapshot groups (format version 1; little endian, strings as
/// 7-bit-length-prefixed UTF-8). Decoding interns label names and grouping-label values, which every series repeats.
/// </summary>
internal static class RecordCodec
{
    private const byte Version = 1;

    public static byte[] EncodeOp(StoreOp op, MemoryStream? scratch = null)
    {
        var ms = scratch ?? new MemoryStream(256);
        ms.SetLength(0);
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            w.Write((byte)op.Kind);
            w.Write(op.TimeNanos);
            w.Write(op.TtlMs);
            WriteLabels(w, op.Group.Labels);
            w.Write(op.Families.Count);
            foreach (var f in op.Families)
            {
                WriteFamily(w, f);
            }
        }

        return ms.ToArray();
    }

    public static StoreOp DecodeOp(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
        CheckVersion(r.ReadByte());
        var kind = (OpKind)r.ReadByte();
        var time = r.ReadInt64();
        var ttl = r.ReadInt64();
        var interner = new Interner();
        var group = GroupId.From(ReadLabels(r, interner));
        interner.AddGroupValues(group);
        var n = r.ReadInt32();
        var families = new List<MetricFamily>(n);
        for (var i = 0; i < n; i++)
        {
            families.Add(ReadFamily(r, interner));
        }

        return new StoreOp(kind, group, time, families, ttl);
    }

    public static byte[] EncodeGroup(MetricGroup g)
    {
        using var ms = new MemoryStream(1024);
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            WriteLabels(w, g.Id.Labels);
            w.Write(g.PushTimeNanos);
            w.Write(g.PushStampNanos);
            w.Write(g.FailureTimeNanos);
            w.Write(g.FailureStampNanos);
            w.Write(g.ExpiresAtMs);
            w.Write(g.Families.Count);
            foreach (var sf in g.Families.Values)
            {
                w.Write(sf.TimeNanos);
                WriteFamily(w, sf.Family);
            }
        }

        return ms.ToArray();
    }

    public static MetricGroup DecodeGroup(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
        CheckVersion(r.ReadByte());
        var interner = new Interner();
        var id = GroupId.From(ReadLabels(r, interner));
        interner.AddGroupValues(id);
        var pushTime = r.ReadInt64();
        var pushStamp = r.ReadInt64();
        var failTime = r.ReadInt64();
        var failStamp = r.ReadInt64();
        var expires = r.ReadInt64();
        var n = r.ReadInt32();
        var families = new Dictionary<string, StoredFamily>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var t = r.ReadInt64();
            var f = ReadFamily(r, interner);
            families[f.Name] = new StoredFamily(f, t);
        }

        return new MetricGroup(id, families, pushTime, pushStamp, failTime, failStamp, expires);
    }

    private static void CheckVersion(byte v)
    {
        if (v != Version)
        {
            throw new InvalidDataException($"journal record version {v} is not supported (expected {Version})");
        }
    }

    private static void WriteLabels(BinaryWriter w, Label[] labels)
    {
        w.Write7BitEncodedInt(labels.Length);
        foreach (var l in labels)
        {
            w.Write(l.Name);
            w.Write(l.Value);
        }
    }

    private static Label[] ReadLabels(BinaryReader r, Interner interner)
    {
        var n = r.Read7BitEncodedInt();
        if (n == 0)
        {
            return [];
        }

        var labels = new Label[n];
        for (var i = 0; i < n; i++)
        {
            var name = interner.Name(r.ReadString());
            labels[i] = new Label(name, interner.Value(name, r.ReadString()));
        }

        return labels;
    }

    private static void WriteFamily(BinaryWriter w, MetricFamily f)
    {
        w.Write(f.Name);
        w.Write((byte)f.Type);
        w.Write(f.Help);
        w.Write(f.Unit);
        w.Write(f.Metrics.Count);
        foreach (var m in f.Metrics)
        {
            WriteLabels(w, m.Labels);
            byte flags = 0;
            if (m.Created is not null)
            {
                flags |= 1;
            }

            if (m.TimestampMs is not null)
            {
                flags |= 2;
            }

            w.Write(flags);
            w.Write(m.Value);
            w.Write(m.Count);
            w.Write(m.Sum);
            w.Write7BitEncodedInt(m.Quantiles.Length);
            foreach (var q in m.Quantiles)
            {
                w.Write(q.Q);
                w.Write(q.Value);
            }

            w.Write7BitEncodedInt(m.Buckets.Length);
            foreach (var b in m.Buckets)
            {
                w.Write(b.UpperBound);
                w.Write(b.CumulativeCount);
            }

            if (m.Created is { } c)
            {
                w.Write(c);
            }

            if (m.TimestampMs is { } ts)
            {
                w.Write(ts);
            }
        }
    }

    private static MetricFamily ReadFamily(BinaryReader r, Interner interner)
    {
        var f = new MetricFamily(r.ReadString(), (MetricType)r.ReadByte()) { Help = r.ReadString(), Unit = r.ReadString() };
        var n = r.ReadInt32();
        f.Metrics.Capacity = n;
        for (var i = 0; i < n; i++)
        {
            var m = new Metric { Labels = ReadLabels(r, interner) };
            var flags = r.ReadByte();
            m.Value = r.ReadDouble();
            m.Count = r.ReadDouble();
            m.Sum = r.ReadDouble();
            var nq = r.Read7BitEncodedInt();
            if (nq > 0)
            {
                m.Quantiles = new Quantile[nq];
                for (var j = 0; j < nq; j++)
                {
                    m.Quantiles[j] = new Quantile(r.ReadDouble(), r.ReadDouble());
                }
            }

            var nb = r.Read7BitEncodedInt();
            if (nb > 0)
            {
                m.Buckets = new Bucket[nb];
                for (var j = 0; j < nb; j++)
                {
                    m.Buckets[j] = new Bucket(r.ReadDouble(), r.ReadDouble());
                }
            }

            if ((flags & 1) != 0)
            {
                m.Created = r.ReadDouble();
            }

            if ((flags & 2) != 0)
            {
                m.TimestampMs = r.ReadInt64();
            }

            f.Metrics.Add(m);
        }

        return f;
    }

    /// <summary>Shares the strings every series of a group repeats (label names, grouping-label values).</summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _groupValues = new(StringComparer.Ordinal);

        public string Name(string s)
        {
            if (_names.TryGetValue(s, out var x))
            {
                return x;
            }

            _names[s] = s;
            return s;
        }

        public string Value(string name, string value) =>
            _groupValues.TryGetValue(name, out var g) && g == value ? g : value;

        public void AddGroupValues(GroupId id)
        {
            foreach (var l in id.Labels)
            {
                _groupValues[l.Name] = l.Value;
            }
        }
    }
}
