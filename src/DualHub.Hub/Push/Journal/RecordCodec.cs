using System.Text;
using DualHub.Hub.Push.Store;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Journal;

/// <summary>
/// Binary encoding of journal operations and snapshot groups (little endian). Label names and values go through a
/// per-record string table (a string is written once, then referenced by index), so the names and grouping-label
/// values every series repeats cost one decode and one string instance per record.
/// </summary>
internal static class RecordCodec
{
    private const byte Version = 2;

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
            var table = new Dictionary<string, int>(StringComparer.Ordinal);
            WriteLabels(w, op.Group.Labels, table);
            w.Write(op.Families.Count);
            foreach (var f in op.Families)
            {
                WriteFamily(w, f, table);
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
        var table = new List<string>();
        var group = GroupId.From(ReadLabels(r, table));
        var n = r.ReadInt32();
        var families = new List<MetricFamily>(n);
        for (var i = 0; i < n; i++)
        {
            families.Add(ReadFamily(r, table));
        }

        return new StoreOp(kind, group, time, families, ttl);
    }

    public static byte[] EncodeGroup(MetricGroup g)
    {
        using var ms = new MemoryStream(1024);
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            var table = new Dictionary<string, int>(StringComparer.Ordinal);
            WriteLabels(w, g.Id.Labels, table);
            w.Write(g.PushTimeNanos);
            w.Write(g.PushStampNanos);
            w.Write(g.FailureTimeNanos);
            w.Write(g.FailureStampNanos);
            w.Write(g.ExpiresAtMs);
            w.Write(g.Families.Count);
            foreach (var sf in g.Families.Values)
            {
                w.Write(sf.TimeNanos);
                WriteFamily(w, sf.Family, table);
            }
        }

        return ms.ToArray();
    }

    public static MetricGroup DecodeGroup(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data, writable: false), Encoding.UTF8);
        CheckVersion(r.ReadByte());
        var table = new List<string>();
        var id = GroupId.From(ReadLabels(r, table));
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
            var f = ReadFamily(r, table);
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

    private static void WriteLabels(BinaryWriter w, Label[] labels, Dictionary<string, int> table)
    {
        w.Write7BitEncodedInt(labels.Length);
        foreach (var l in labels)
        {
            WriteString(w, l.Name, table);
            WriteString(w, l.Value, table);
        }
    }

    /// <summary>Index shifted left by one; the low bit says the string follows (first use in this record).</summary>
    private static void WriteString(BinaryWriter w, string s, Dictionary<string, int> table)
    {
        if (table.TryGetValue(s, out var index))
        {
            w.Write7BitEncodedInt(index << 1);
            return;
        }

        index = table.Count;
        table[s] = index;
        w.Write7BitEncodedInt((index << 1) | 1);
        w.Write(s);
    }

    private static Label[] ReadLabels(BinaryReader r, List<string> table)
    {
        var n = r.Read7BitEncodedInt();
        if (n == 0)
        {
            return [];
        }

        var labels = new Label[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = new Label(ReadString(r, table), ReadString(r, table));
        }

        return labels;
    }

    private static string ReadString(BinaryReader r, List<string> table)
    {
        var code = r.Read7BitEncodedInt();
        if ((code & 1) == 1)
        {
            var s = r.ReadString();
            table.Add(s);
            return s;
        }

        var index = code >> 1;
        if ((uint)index >= (uint)table.Count)
        {
            throw new InvalidDataException($"journal record refers to string {index} of {table.Count}");
        }

        return table[index];
    }

    private static void WriteFamily(BinaryWriter w, MetricFamily f, Dictionary<string, int> table)
    {
        w.Write(f.Name);
        w.Write((byte)f.Type);
        w.Write(f.Help);
        w.Write(f.Unit);
        w.Write(f.Metrics.Count);
        foreach (var m in f.Metrics)
        {
            WriteLabels(w, m.Labels, table);
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

    private static MetricFamily ReadFamily(BinaryReader r, List<string> table)
    {
        var f = new MetricFamily(r.ReadString(), (MetricType)r.ReadByte()) { Help = r.ReadString(), Unit = r.ReadString() };
        var n = r.ReadInt32();
        f.Metrics.Capacity = n;
        for (var i = 0; i < n; i++)
        {
            var m = new Metric { Labels = ReadLabels(r, table) };
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
}
