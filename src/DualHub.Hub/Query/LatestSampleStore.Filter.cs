using System.Buffers;
using System.Buffers.Binary;
using DualHub.Hub.SampleLog;

namespace DualHub.Hub.Query;

/// <summary>The central ingest filter: only samples newer than the view are journaled (DESIGN.md §2, central view rule).</summary>
public sealed partial class LatestSampleStore
{
    /// <summary>
    /// Keeps, of a validated WriteRequest body, only the samples strictly newer than the newest the view holds for their
    /// series (a stale marker at a newer timestamp is kept; the same timestamp is a duplicate, an older one is out of
    /// order) and advances the view to them, in one step under the view's lock. The caller journals the kept part
    /// (<paramref name="kept"/>, or the input itself when nothing was dropped) before anything else is filtered.
    /// O(batch): one key copy and one lookup per series, no allocation except for a series seen for the first time.
    /// </summary>
    internal IngestCounts FilterNewer(ReadOnlySpan<byte> writeRequest, FilteredBatch kept)
    {
        int keptTotal = 0, duplicates = 0, outOfOrder = 0;
        var key = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            lock (_gate)
            {
                var entries = new SeriesEntryReader(writeRequest);
                while (entries.TryNext(out var range, out _))
                {
                    var entry = writeRequest[range];
                    var body = EntryBody(entry);
                    var keyLength = BuildKey(new TimeSeriesView(body), ref key);
                    var keySpan = key.AsSpan(0, keyLength);
                    _lookup.TryGetValue(keySpan, out var held);
                    var start = held?.TimestampMs ?? long.MinValue;

                    // First pass: classify every sample against the running newest (samples of a series come in order).
                    var newest = start;
                    double newestValue = 0;
                    int keep = 0, dropped = 0, keptBytes = 0, pos = 0;
                    while (NextField(body, ref pos, out var field, out var fieldStart, out var payload))
                    {
                        if (field == 1)
                        {
                            keptBytes += pos - fieldStart;
                        }
                        else if (field == 2)
                        {
                            ReadSample(payload, out var t, out var v);
                            if (t > newest)
                            {
                                (newest, newestValue) = (t, v);
                                keep++;
                                keptBytes += pos - fieldStart;
                            }
                            else
                            {
                                dropped++;
                                if (t == newest)
                                {
                                    duplicates++;
                                }
                                else
                                {
                                    outOfOrder++;
                                }
                            }
                        }
                    }

                    if (dropped > 0 && !kept.Copying)
                    {
                        kept.StartCopy(writeRequest[..range.Start.GetOffset(writeRequest.Length)]);
                    }

                    if (kept.Copying)
                    {
                        if (dropped == 0)
                        {
                            kept.Append(entry);
                        }
                        else if (keep > 0)
                        {
                            WritePartial(kept, body, start, keptBytes);
                        }
                    }

                    if (keep == 0)
                    {
                        continue;
                    }

                    keptTotal += keep;
                    if (held is not null)
                    {
                        held.TimestampMs = newest;
                        held.Value = newestValue;
                    }
                    else
                    {
                        _series[keySpan.ToArray()] = new Entry(DecodeLabels(new TimeSeriesView(body))) { TimestampMs = newest, Value = newestValue };
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(key);
        }

        return new IngestCounts(keptTotal, duplicates, outOfOrder);
    }

    /// <summary>Forgets every series (before a rebuild from the journal).</summary>
    internal void Clear()
    {
        lock (_gate)
        {
            _series.Clear();
        }
    }

    /// <summary>A series with some samples dropped: its labels and the kept samples only (exemplars and histograms are left out).</summary>
    private static void WritePartial(FilteredBatch kept, ReadOnlySpan<byte> body, long start, int keptBytes)
    {
        kept.Append([0x0A]);
        kept.AppendVarint((uint)keptBytes);
        var newest = start;
        var pos = 0;
        while (NextField(body, ref pos, out var field, out var fieldStart, out var payload))
        {
            if (field == 1)
            {
                kept.Append(body[fieldStart..pos]);
            }
            else if (field == 2)
            {
                ReadSample(payload, out var t, out _);
                if (t > newest)
                {
                    newest = t;
                    kept.Append(body[fieldStart..pos]);
                }
            }
        }
    }

    private static ReadOnlySpan<byte> EntryBody(ReadOnlySpan<byte> entry)
    {
        var pos = 0;
        SeriesEntryReader.ReadVarint(entry, ref pos);
        var length = (int)SeriesEntryReader.ReadVarint(entry, ref pos);
        return entry.Slice(pos, length);
    }

    /// <summary>Next field of a TimeSeries body: its number, where its encoding starts, and the payload of a length-delimited one.</summary>
    private static bool NextField(ReadOnlySpan<byte> data, ref int pos, out int field, out int start, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        start = pos;
        field = 0;
        if (pos >= data.Length)
        {
            return false;
        }

        var tag = SeriesEntryReader.ReadVarint(data, ref pos);
        field = (int)(tag >> 3);
        switch (tag & 7)
        {
            case 0:
                SeriesEntryReader.ReadVarint(data, ref pos);
                break;
            case 1:
                pos += 8;
                break;
            case 2:
                var length = (int)SeriesEntryReader.ReadVarint(data, ref pos);
                if (length < 0 || pos + length > data.Length)
                {
                    throw new FormatException("truncated field");
                }

                payload = data.Slice(pos, length);
                pos += length;
                break;
            case 5:
                pos += 4;
                break;
            default:
                throw new FormatException($"unsupported wire type {tag & 7}");
        }

        if (pos > data.Length)
        {
            throw new FormatException("truncated field");
        }

        return true;
    }

    /// <summary>A Sample message: value (exact bits) and timestamp; absent fields are 0 as in proto3.</summary>
    private static void ReadSample(ReadOnlySpan<byte> payload, out long timestampMs, out double value)
    {
        timestampMs = 0;
        value = 0;
        var p = 0;
        while (NextField(payload, ref p, out var field, out var start, out _))
        {
            if (field == 1 && p - start == 9)
            {
                value = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(payload[(start + 1)..]));
            }
            else if (field == 2)
            {
                var q = start + 1;
                timestampMs = (long)SeriesEntryReader.ReadVarint(payload, ref q);
            }
        }
    }
}
