using System.Buffers.Binary;
using System.Text;
using DualHub.Hub.SampleLog;

namespace DualHub.Hub.Tests.SampleLog;

/// <summary>Test-side view of journal records: decodes the WriteRequest wire form into readable samples.</summary>
internal sealed record WireSample(string Series, long TimestampMs, long ValueBits)
{
    public double Value => BitConverter.Int64BitsToDouble(ValueBits);

    public static List<WireSample> Decode(ReadOnlySpan<byte> writeRequest)
    {
        var result = new List<WireSample>();
        var reader = new SeriesEntryReader(writeRequest);
        while (reader.TryNext(out var range, out _))
        {
            var entry = writeRequest[range];
            var pos = 0;
            ReadVarint(entry, ref pos);
            var len = (int)ReadVarint(entry, ref pos);
            var body = entry.Slice(pos, len);
            var labels = new List<string>();
            var samples = new List<(long, long)>();
            var p = 0;
            while (p < body.Length)
            {
                var tag = ReadVarint(body, ref p);
                var l = (int)ReadVarint(body, ref p);
                var field = body.Slice(p, l);
                p += l;
                if (tag >> 3 == 1)
                {
                    var q = 0;
                    string name = "", value = "";
                    while (q < field.Length)
                    {
                        var t = ReadVarint(field, ref q);
                        var sl = (int)ReadVarint(field, ref q);
                        var s = Encoding.UTF8.GetString(field.Slice(q, sl));
                        q += sl;
                        if (t >> 3 == 1)
                        {
                            name = s;
                        }
                        else
                        {
                            value = s;
                        }
                    }

                    labels.Add($"{name}=\"{value}\"");
                }
                else if (tag >> 3 == 2)
                {
                    long bits = 0, ts = 0;
                    var q = 0;
                    while (q < field.Length)
                    {
                        var t = ReadVarint(field, ref q);
                        if (t == 0x09)
                        {
                            bits = BinaryPrimitives.ReadInt64LittleEndian(field[q..]);
                            q += 8;
                        }
                        else
                        {
                            ts = (long)ReadVarint(field, ref q);
                        }
                    }

                    samples.Add((ts, bits));
                }
            }

            var series = "{" + string.Join(",", labels) + "}";
            foreach (var (ts, bits) in samples)
            {
                result.Add(new WireSample(series, ts, bits));
            }
        }

        return result;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong r = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[pos++];
            r |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return r;
            }
        }
    }
}
